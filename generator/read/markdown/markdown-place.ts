/** Positions and problem reporting of the Markdown reader, in the 1-based line/column terms of the outline and the IR. */
import type { Node } from 'unist';
import type { Severity } from '../../ir.js';
import type { Place } from '../outline.js';

/** Reports one problem at a place; the reader stays free of how problems are collected. */
export type ReportAt = (severity: Severity, code: string, message: string, place: Place) => void;

export function placeOf(node: Node): Place {
  const start = node.position?.start;
  return { line: start?.line ?? 1, column: start?.column ?? 1 };
}
