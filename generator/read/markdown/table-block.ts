/** Turns a GFM pipe table into an outline table block, reporting rows whose cell count differs from the header. */
import type { Table, TableCell as MdTableCell } from 'mdast';
import type { Place, TableBlock, TableCell, TableRow } from '../outline.js';
import { inlineText } from './inline-text.js';
import { placeOf, type ReportAt } from './markdown-place.js';

export function createTableBlock(table: Table, source: string, reportAt: ReportAt): TableBlock {
  const rows: TableRow[] = table.children.map((row) => ({
    ...placeOf(row),
    cells: row.children.map((cell) => createCell(cell, source)),
  }));
  const columns = rows[0]?.cells.length ?? 0;
  rows.forEach((row, index) => {
    if (index === 0 || row.cells.length === columns) return;
    const mdRow = table.children[index];
    const start = mdRow?.position?.start.offset;
    const end = mdRow?.position?.end.offset;
    // GFM lets a line without pipes right below a table continue it as a one-cell row.
    const lazy = start !== undefined && end !== undefined && !source.slice(start, end).includes('|');
    reportAt(
      'error',
      'table-columns',
      `table row has ${row.cells.length} ${row.cells.length === 1 ? 'cell' : 'cells'}, but the header row has ${columns}` +
        (lazy ? ' (a line right below a table continues it: leave a blank line after the table)' : ''),
      row,
    );
  });
  return { kind: 'table', ...placeOf(table), headerRows: 1, rows };
}

function createCell(cell: MdTableCell, source: string): TableCell {
  return { ...contentPlace(cell, source), text: inlineText(cell.children).trim() };
}

/** Where the cell's text starts, so diagnostics point at the text; an empty cell is placed just past its pipe. */
function contentPlace(cell: MdTableCell, source: string): Place {
  const first = cell.children[0];
  if (first) return placeOf(first);
  const start = placeOf(cell);
  const offset = cell.position?.start.offset;
  return offset !== undefined && source[offset] === '|' ? { line: start.line, column: start.column + 1 } : start;
}
