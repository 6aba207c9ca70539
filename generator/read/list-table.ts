/**
 * Parses the body of a `list-table` directive, straight from the source lines,
 * into rows and cells with their positions. `restructured` keeps these bodies
 * as raw text without blank lines or per-line positions, so the reader goes
 * back to the source instead.
 */
import type { Severity } from '../ir.js';
import type { TableBlock, TableCell, TableRow } from './outline.js';
import { quote } from './report.js';

export type Reporter = (severity: Severity, code: string, message: string, place: { line: number; column: number }) => void;

export interface ParsedListTable {
  table: TableBlock;
  /** Index (0-based) of the first line after the directive. */
  end: number;
}

const OPTION = /^:([A-Za-z0-9_-]+):(?:\s+(.*))?$/;
const BULLET = /^[*+-](?:\s+|$)/;

/** Reads the list-table whose `.. list-table::` line is `lines[start]`. */
export function parseListTable(lines: readonly string[], start: number, reportAt: Reporter): ParsedListTable {
  const rows: TableRow[] = [];
  let headerRows = 0;
  let rowIndent = -1;
  let row: TableRow | null = null;
  let cell: TableCell | null = null;
  let previousBlank = false;
  let i = start + 1;

  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const { width, chars } = indentationOf(line);
    if (chars === line.length) {
      previousBlank = true;
      continue;
    }
    const lineNo = i + 1;
    if (width === 0) {
      if (row !== null && !previousBlank && isLostCell(lines, i)) {
        // The publisher sometimes drops a cell's indentation and its `- `: the line can
        // only be the next cell of the row above, so read it as one and say so.
        reportAt('warning', 'table-indent', `table cell ${quote(line.trim())} lost its indentation and list marker; read as the next cell of the row`, { line: lineNo, column: 1 });
        cell = { text: line.trim(), line: lineNo, column: 1 };
        row.cells.push(cell);
        continue;
      }
      break;
    }
    previousBlank = false;
    const content = line.slice(chars);
    const column = chars + 1;

    const option = rows.length === 0 && row === null ? OPTION.exec(content) : null;
    if (option) {
      const [, name, value = ''] = option;
      if (name === 'header-rows') {
        const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
        if (Number.isNaN(n)) {
          reportAt('error', 'table-option', `:header-rows: needs a whole number, got ${quote(value.trim())}`, { line: lineNo, column });
        } else {
          headerRows = n;
        }
      }
      continue;
    }

    const bullet = BULLET.exec(content);
    if (bullet && (rowIndent === -1 || width <= rowIndent)) {
      rowIndent = width;
      row = { cells: [], line: lineNo, column };
      rows.push(row);
      cell = null;
      const rest = content.slice(bullet[0].length);
      const restColumn = column + bullet[0].length;
      const inner = BULLET.exec(rest);
      if (inner) {
        cell = { text: rest.slice(inner[0].length).trim(), line: lineNo, column: restColumn + inner[0].length };
        row.cells.push(cell);
      } else if (rest.trim() !== '') {
        reportAt('error', 'table-syntax', `a list-table row must be a list of cells ("* - cell"), found ${quote(rest.trim())}`, { line: lineNo, column: restColumn });
        cell = { text: rest.trim(), line: lineNo, column: restColumn };
        row.cells.push(cell);
      }
      continue;
    }
    if (bullet && row !== null) {
      cell = { text: content.slice(bullet[0].length).trim(), line: lineNo, column: column + bullet[0].length };
      row.cells.push(cell);
      continue;
    }
    if (cell !== null && width > rowIndent) {
      // A cell whose text continues on the next indented line is joined with one space.
      const more = content.trim();
      cell.text = cell.text === '' ? more : `${cell.text} ${more}`;
      continue;
    }
    reportAt('error', 'table-syntax', `unexpected text in a list-table: ${quote(content.trim())}`, { line: lineNo, column });
  }

  const headerLine = lines[start] ?? '';
  // No `:header-rows:` leaves 0: whether a table needs a header is extraction's call.
  const table: TableBlock = {
    kind: 'table',
    headerRows,
    rows,
    line: start + 1,
    column: indentationOf(headerLine).chars + 1,
  };
  return { table, end: i };
}

/** Width of the leading whitespace (tabs to the next multiple of 8, as RST does) and its length in characters. */
export function indentationOf(line: string): { width: number; chars: number } {
  let width = 0;
  let chars = 0;
  for (; chars < line.length; chars++) {
    const c = line.charCodeAt(chars);
    if (c === 32) width++;
    else if (c === 9) width = width + 8 - (width % 8);
    else break;
  }
  return { width, chars };
}

const ADORNMENT = /^([!-/:-@[-`{-~])\1{2,}\s*$/;

export function isAdornment(line: string): boolean {
  return ADORNMENT.test(line);
}

/**
 * An unindented line right after a table line is a lost cell when it is not a
 * section title, an adornment or markup of its own.
 */
export function isLostCell(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (line.startsWith('..') || isAdornment(line)) return false;
  const next = lines[i + 1];
  return next === undefined || !isAdornment(next);
}
