/** Types for `restructured` (it ships none): only the entry point the reader calls. */
interface ParseOptions {
  position?: boolean;
  blanklines?: boolean;
  indent?: boolean;
}
interface Restructured {
  parse(text: string, options?: ParseOptions): import('../../../generator/read/rst-tree.js').RstNode;
}
/** CommonJS built by Babel: the parser sits on `.default` when imported from ESM. */
declare const restructured: Restructured & { default?: Restructured };
export default restructured;
