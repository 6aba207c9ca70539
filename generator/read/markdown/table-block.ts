/** Turns a GFM pipe table into an outline table block, cells placed at their text. */
import type { Table, TableCell as MdTableCell } from 'mdast';
import type { Place, TableBlock, TableCell, TableRow } from '../outline.js';
import { inlineText } from './inline-text.js';
import { placeOf, type ReportAt } from './markdown-place.js';

export function createTableBlock(table: Table, source: string, reportAt: ReportAt): TableBlock {
  const rows: TableRow[] = table.children.map((row) => ({
    ...placeOf(row),
    cells: row.children.map((cell) => createCell(cell, source)),
  }));
  // Rows of the wrong width are extraction's to report (it knows the width each table needs);
  // the reader only explains the one Markdown surprise behind many of them.
  table.children.forEach((row, index) => {
    const start = row.position?.start.offset;
    const end = row.position?.end.offset;
    if (index === 0 || start === undefined || end === undefined || source.slice(start, end).includes('|')) return;
    reportAt(
      'info',
      'table-continued',
      'this line has no pipes but continues the table above it, as a row; leave a blank line after a table',
      placeOf(row),
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
