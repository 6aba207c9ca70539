/**
 * Compares two parsed documents the way a format conversion must keep them:
 * everything equal apart from positions (lines, columns) and the file name,
 * diagnostics by severity and code.
 */
import type { Document } from '../ir.js';

/**
 * Diagnostics only the RST markup can cause; a Markdown copy rightly has none
 * of them (a pipe table always has its one header row, so no `table-no-header`).
 */
export const RST_MARKUP_CODES: ReadonlySet<string> = new Set(['table-indent', 'table-syntax', 'table-option', 'table-no-header']);

export interface DocumentShape {
  document: unknown;
  diagnostics: string[];
}

/** The document without positions or file name, and its diagnostics as sorted `severity code` strings. */
export function shapeOf(document: Document, ignoreCodes: ReadonlySet<string> = new Set()): DocumentShape {
  const { file: _file, diagnostics, flows, ...rest } = document;
  return {
    document: {
      ...rest,
      flows: flows.map(({ line: _line, sentenceLines: _sentences, properties, mergeCriteria, ...flow }) => ({
        ...flow,
        mergeCriteria: mergeCriteria.map(({ line: _criterion, ...criterion }) => criterion),
        properties: properties.map(({ line: _row, ...property }) => property),
      })),
    },
    diagnostics: diagnostics
      .filter((d) => !ignoreCodes.has(d.code))
      .map((d) => `${d.severity} ${d.code}`)
      .sort(),
  };
}

/** How the dataflows of two documents differ, positions and file name aside (`null` when they do not). */
export function documentDifference(a: Document, b: Document): string | null {
  const left = JSON.stringify(shapeOf(a).document);
  const right = JSON.stringify(shapeOf(b).document);
  if (left === right) return null;
  let at = 0;
  while (at < left.length && left[at] === right[at]) at += 1;
  return `...${left.slice(Math.max(0, at - 60), at + 40)} / ...${right.slice(Math.max(0, at - 60), at + 40)}`;
}

/** How the diagnostics of two documents differ by severity and code (`null` when they do not). */
export function diagnosticsDifference(a: Document, b: Document, ignoreCodes?: ReadonlySet<string>): string | null {
  const left = shapeOf(a, ignoreCodes).diagnostics;
  const right = shapeOf(b, ignoreCodes).diagnostics;
  if (JSON.stringify(left) === JSON.stringify(right)) return null;
  return `${left.join(', ') || 'none'} / ${right.join(', ') || 'none'}`;
}
