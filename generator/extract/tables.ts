/**
 * Turns the merge-criteria table (2 columns) and the property table (3
 * columns) into IR rows, reporting rows of the wrong width and missing headers.
 */
import type { MergeCriterion, PropertyMapping } from '../ir.js';
import type { TableBlock, TableCell, TableRow } from '../read/outline.js';
import { quote } from '../read/report.js';
import type { ExtractContext } from './context.js';
import { parseDataType } from './data-type.js';
import { parsePropertyRef, type ParsedPropertyRef } from './property-ref.js';

/** The data rows of a table, after checking its header. */
function dataRows(table: TableBlock, what: string, ctx: ExtractContext): TableRow[] {
  if (table.headerRows < 1) {
    ctx.report('error', 'table-no-header', `the ${what} table declares no header row (expected ":header-rows: 1")`, table);
    // Without a header row the first row is still most likely the header the publisher always writes.
    return table.rows.slice(looksLikeHeader(table.rows[0]) ? 1 : 0);
  }
  if (table.rows.length < table.headerRows) {
    ctx.report('error', 'table-no-header', `the ${what} table has no header row`, table);
    return [];
  }
  const header = table.rows[0]!;
  if (!looksLikeHeader(header)) {
    // A header row the publisher lost would take the first mapping with it: say so rather than drop it silently.
    ctx.report(
      'warning',
      'table-header',
      `the first row of the ${what} table is read as its header, but does not look like one ("<label> Property", "<system> Data Type"): ${quote(header.cells.map((c) => c.text).join(' | '))}`,
      header,
    );
  }
  return table.rows.slice(table.headerRows);
}

function looksLikeHeader(row: TableRow | undefined): boolean {
  return row !== undefined && row.cells.length > 0 && row.cells.every((c) => /(^|\s)(Property|Data Type)$/i.test(c.text));
}

function hasWidth(row: TableRow, width: number, what: string, ctx: ExtractContext): boolean {
  if (row.cells.length === width) return true;
  const text = row.cells.map((c) => c.text).join(' | ');
  ctx.report(
    'error',
    'table-columns',
    `${what} table row has ${row.cells.length} cell${row.cells.length === 1 ? '' : 's'}, expected ${width}; row not used: ${quote(text)}`,
    row,
  );
  return false;
}

function ref(cell: TableCell, ctx: ExtractContext): ParsedPropertyRef['ref'] {
  const parsed = parsePropertyRef(cell.text);
  if (cell.text === '') ctx.report('warning', 'empty-cell', 'empty property cell', cell);
  for (const problem of parsed.problems) ctx.report('warning', 'property-ref', problem, cell);
  return parsed.ref;
}

export function extractMergeCriteria(table: TableBlock, ctx: ExtractContext): MergeCriterion[] {
  const criteria: MergeCriterion[] = [];
  for (const row of dataRows(table, 'merge', ctx)) {
    if (!hasWidth(row, 2, 'merge', ctx)) continue;
    const [source, target] = row.cells as [TableCell, TableCell];
    criteria.push({ source: ref(source, ctx), target: ref(target, ctx), line: source.line });
  }
  return criteria;
}

export function extractProperties(table: TableBlock, ctx: ExtractContext): PropertyMapping[] {
  const properties: PropertyMapping[] = [];
  for (const row of dataRows(table, 'property', ctx)) {
    if (!hasWidth(row, 3, 'property', ctx)) continue;
    const [source, target, typeCell] = row.cells as [TableCell, TableCell, TableCell];
    const { type, unknown, findings } = parseDataType(typeCell.text);
    for (const finding of findings) {
      // Cells are single lines in practice; a joined continuation makes the column approximate.
      ctx.report('warning', finding.code, finding.message, { line: typeCell.line, column: typeCell.column + finding.offset });
    }
    if (unknown) {
      ctx.report(
        'warning',
        'unknown-type',
        typeCell.text === ''
          ? 'empty data type; values are passed through unchanged'
          : `unknown data type ${quote(typeCell.text)}; kept verbatim, values are passed through unchanged`,
        typeCell,
      );
    }
    properties.push({ source: ref(source, ctx), target: ref(target, ctx), type, line: source.line });
  }
  return properties;
}
