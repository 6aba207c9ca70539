import { describe, expect, it } from 'vitest';
import { parseListTable } from '../../../generator/read/list-table.js';

function read(text: string) {
  const problems: string[] = [];
  const { table, end } = parseListTable(text.split('\n'), 0, (severity, code, _message, place) => {
    problems.push(`${place.line}:${place.column} ${severity} ${code}`);
  });
  return { table, end, problems, cells: table.rows.map((r) => r.cells.map((c) => c.text)) };
}

describe('parseListTable', () => {
  it('reads the header option, rows and cells with positions', () => {
    const { table, end, problems } = read(
      ['.. list-table::', '   :header-rows: 1', '', '   * - A Property', '     - B Property', '   * - phone', '     - mobilePhone', '', 'Next'].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(end).toBe(8);
    expect(table).toEqual({
      kind: 'table',
      headerRows: 1,
      line: 1,
      column: 1,
      rows: [
        { line: 4, column: 4, cells: [{ text: 'A Property', line: 4, column: 8 }, { text: 'B Property', line: 5, column: 8 }] },
        { line: 6, column: 4, cells: [{ text: 'phone', line: 6, column: 8 }, { text: 'mobilePhone', line: 7, column: 8 }] },
      ],
    });
  });

  const cases: [string, { given: string[]; cells: string[][]; headerRows?: number; problems?: string[] }][] = [
    ['continuation lines joined with one space', { given: ['   * - a', '     - b', '       more   ', '       text'], cells: [['a', 'b more text']] }],
    ['empty cells', { given: ['   * -', '     -', '   * - x', '     - '], cells: [['', ''], ['x', '']], headerRows: 0 }],
    ['no header-rows option', { given: ['   * - a'], cells: [['a']], headerRows: 0 }],
    ['header-rows 2', { given: ['   :header-rows: 2', '   * - a'], cells: [['a']], headerRows: 2 }],
    ['a bad header-rows value', { given: ['   :header-rows: x', '   * - a'], cells: [['a']], headerRows: 0, problems: ['2:4 error table-option'] }],
    ['text that is no row', { given: ['   stray text', '   * - a'], cells: [['a']], headerRows: 0, problems: ['2:4 error table-syntax'] }],
    ['a row that is no list of cells', { given: ['   * a'], cells: [['a']], headerRows: 0, problems: ['2:6 error table-syntax'] }],
    ['a cell that lost its indentation', { given: ['   * - a', '     - b', '"string"', '   * - c'], cells: [['a', 'b', '"string"'], ['c']], headerRows: 0, problems: ['4:1 warning table-indent'] }],
    ['an unindented line after a blank line ends the table', { given: ['   * - a', '', 'Para'], cells: [['a']], headerRows: 0 }],
    ['a section title right after the table ends it', { given: ['   * - a', 'Title', '-----'], cells: [['a']], headerRows: 0 }],
    ['tab indentation', { given: ['\t* - a', '\t  - b'], cells: [['a', 'b']], headerRows: 0 }],
  ];
  it.each(cases)('%s', (_name, { given, cells, headerRows = 1, problems = [] }) => {
    const text = ['.. list-table::', ...(headerRows === 1 ? ['   :header-rows: 1'] : []), ...given].join('\n');
    const got = read(text);
    expect(got.cells).toEqual(cells);
    expect(got.table.headerRows).toBe(headerRows);
    expect(got.problems).toEqual(headerRows === 1 ? problems.map(shift) : problems);
  });
});

/** Fixtures with a header-rows line have every line one further down. */
function shift(problem: string): string {
  return problem.replace(/^(\d+)/, (n) => String(Number(n) + 1));
}
