/**
 * Compares two parsed documents the way a format conversion must keep them:
 * everything equal apart from positions (lines, columns) and the file name,
 * diagnostics by severity and code.
 */
import type { Document } from '../ir.js';

/** Diagnostics only the RST markup can cause; a Markdown copy rightly has none of them. */
export const RST_MARKUP_CODES: ReadonlySet<string> = new Set(['table-indent', 'table-syntax', 'table-option']);

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
      flows: flows.map(({ line: _line, properties, ...flow }) => ({
        ...flow,
        properties: properties.map(({ line: _row, ...property }) => property),
      })),
    },
    diagnostics: diagnostics
      .filter((d) => !ignoreCodes.has(d.code))
      .map((d) => `${d.severity} ${d.code}`)
      .sort(),
  };
}

/** The first way in which two documents differ (`null` when they do not), for a message or a test failure. */
export function differenceOf(a: Document, b: Document, ignoreCodes?: ReadonlySet<string>): string | null {
  const left = shapeOf(a, ignoreCodes);
  const right = shapeOf(b, ignoreCodes);
  if (JSON.stringify(left.diagnostics) !== JSON.stringify(right.diagnostics)) {
    return `diagnostics differ: ${left.diagnostics.join(', ') || 'none'} / ${right.diagnostics.join(', ') || 'none'}`;
  }
  const leftDoc = JSON.stringify(left.document);
  const rightDoc = JSON.stringify(right.document);
  if (leftDoc === rightDoc) return null;
  let at = 0;
  while (at < leftDoc.length && leftDoc[at] === rightDoc[at]) at += 1;
  return `documents differ at ...${leftDoc.slice(Math.max(0, at - 60), at + 40)} / ...${rightDoc.slice(Math.max(0, at - 60), at + 40)}`;
}
