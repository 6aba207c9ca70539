/**
 * The small part of a reStructuredText syntax tree the outline is built from:
 * the shape `restructured` produces, which the fallback scanner also emits.
 */

export interface RstPoint {
  line: number;
  column: number;
  offset?: number;
}

export interface RstNode {
  type: string;
  position?: { start: RstPoint; end: RstPoint };
  children?: RstNode[];
  value?: string;
  /** Sections: 1 for the first adornment style seen, 2 for the second, ... */
  depth?: number;
  /** Directives: the directive name, e.g. `list-table`. */
  directive?: string;
}
