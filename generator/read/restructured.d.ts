/** Types for `restructured` (it ships none): only the entry point the reader calls. */
declare module 'restructured' {
  interface ParseOptions {
    position?: boolean;
    blanklines?: boolean;
    indent?: boolean;
  }
  interface Restructured {
    parse(text: string, options?: ParseOptions): import('./rst-tree.js').RstNode;
  }
  /** CommonJS built by Babel: the parser sits on `.default` when imported from ESM. */
  const module: Restructured & { default?: Restructured };
  export default module;
}
