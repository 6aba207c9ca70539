/** Positions and diagnostics of the Markdown reader, in the 1-based line/column terms of the outline and the IR. */
import type { Node } from 'unist';
import type { Diagnostic, Severity } from '../../ir.js';
import type { Place } from '../outline.js';

export function placeOf(node: Node): Place {
  const start = node.position?.start;
  return { line: start?.line ?? 1, column: start?.column ?? 1 };
}

export function createMarkdownDiagnostic(severity: Severity, code: string, message: string, place: Place): Diagnostic {
  return { severity, code, message, line: place.line, column: place.column };
}
