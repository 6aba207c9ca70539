/** Turns a GFM pipe table into an outline table block, reporting rows whose cell count differs from the header. */
import type { Table, TableCell as MdTableCell } from 'mdast';
import type { Diagnostic } from '../../ir.js';
import type { Place, TableBlock, TableCell, TableRow } from '../outline.js';
import { inlineText } from './inline-text.js';
import { createMarkdownDiagnostic, placeOf } from './markdown-place.js';

export function createTableBlock(table: Table, source: string, diagnostics: Diagnostic[]): TableBlock {
  const rows: TableRow[] = table.children.map((row) => ({
    ...placeOf(row),
    cells: row.children.map((cell) => createCell(cell, source)),
  }));
  const columns = rows[0]?.cells.length ?? 0;
  for (const row of rows.slice(1)) {
    if (row.cells.length === columns) continue;
    diagnostics.push(
      createMarkdownDiagnostic(
        'error',
        'table-columns',
        `Table row has ${row.cells.length} ${row.cells.length === 1 ? 'cell' : 'cells'}, but the header row has ${columns}`,
        row,
      ),
    );
  }
  return { kind: 'table', ...placeOf(table), headerRows: 1, rows };
}

function createCell(cell: MdTableCell, source: string): TableCell {
  return { ...contentPlace(cell, source), text: inlineText(cell.children).trim() };
}

/** Where the cell's text starts: past the opening pipe and blanks, so diagnostics point at the text. */
function contentPlace(cell: MdTableCell, source: string): Place {
  const first = cell.children[0];
  if (first) return placeOf(first);
  const start = placeOf(cell);
  let offset = cell.position?.start.offset;
  if (offset === undefined) return start;
  let column = start.column;
  if (source[offset] === '|') {
    offset += 1;
    column += 1;
  }
  while (source[offset] === ' ' || source[offset] === '\t') {
    offset += 1;
    column += 1;
  }
  return { line: start.line, column };
}
