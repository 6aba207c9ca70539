/**
 * Recovers pipe tables that Markdown reads as a paragraph (a delimiter row with
 * the wrong number of cells, or none at all), so the spec gets one clear
 * diagnostic and its rows still reach extraction instead of turning into
 * unknown sentences.
 */
import type { Paragraph } from 'mdast';
import type { Block, TableCell, TableRow } from '../outline.js';
import { inlineText } from './inline-text.js';
import { placeOf, type ReportAt } from './markdown-place.js';
import { parseMdast } from './parse-mdast.js';

interface SourceLine {
  text: string;
  line: number;
  column: number;
}

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$/;

/** The blocks a paragraph stands for when it holds a broken pipe table, or null when it is an ordinary paragraph. */
export function recoverLooseTable(paragraph: Paragraph, source: string, reportAt: ReportAt): Block[] | null {
  const lines = sourceLines(paragraph, source);
  const headerIndex = lines.findIndex((l) => l.text.startsWith('|') && splitRow(l.text).length > 1);
  if (headerIndex < 0) return null;
  const header = lines[headerIndex]!;
  const headerCells = splitRow(header.text).length;
  const delimiter = lines[headerIndex + 1];
  let bodyStart = headerIndex + 1;
  if (delimiter && DELIMITER_ROW.test(delimiter.text)) {
    const delimiterCells = splitRow(delimiter.text).length;
    reportAt(
      'error',
      'table-columns',
      `table delimiter row has ${delimiterCells} ${delimiterCells === 1 ? 'cell' : 'cells'}, but the header row has ${headerCells}, so Markdown does not see a table here`,
      delimiter,
    );
    bodyStart += 1;
  } else {
    reportAt(
      'error',
      'table-delimiter',
      'table has no delimiter row (`| --- | --- |`) below its header row, so Markdown does not see a table here',
      header,
    );
  }

  const blocks: Block[] = [];
  const before = lines.slice(0, headerIndex);
  if (before.length > 0) {
    const text = before.map((l) => l.text).join('\n');
    blocks.push({ kind: 'paragraph', line: before[0]!.line, column: before[0]!.column, text: markdownText(text) });
  }
  const rows = [header, ...lines.slice(bodyStart)].map(createRow);
  blocks.push({ kind: 'table', line: header.line, column: header.column, headerRows: 1, rows });
  return blocks;
}

function sourceLines(paragraph: Paragraph, source: string): SourceLine[] {
  const start = paragraph.position?.start;
  const end = paragraph.position?.end;
  if (start?.offset === undefined || end?.offset === undefined) return [];
  const first = placeOf(paragraph);
  return source
    .slice(start.offset, end.offset)
    .split(/\r\n|\r|\n/)
    .map((raw, index) => {
      const indent = raw.length - raw.trimStart().length;
      return {
        text: raw.trim(),
        line: first.line + index,
        column: index === 0 ? first.column : indent + 1,
      };
    });
}

/** Cell sources of a row: split on pipes that are not escaped, without the outer pipes. */
function splitRow(text: string): { text: string; offset: number }[] {
  const cells: { text: string; offset: number }[] = [];
  let start = text.startsWith('|') ? 1 : 0;
  let index = start;
  for (; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '|') {
      cells.push({ text: text.slice(start, index), offset: start });
      start = index + 1;
    }
  }
  if (start < text.length) cells.push({ text: text.slice(start), offset: start });
  return cells;
}

function createRow(line: SourceLine): TableRow {
  const cells: TableCell[] = splitRow(line.text).map((cell) => {
    const lead = cell.text.length - cell.text.trimStart().length;
    return { line: line.line, column: line.column + cell.offset + lead, text: markdownText(cell.text.trim()) };
  });
  return { line: line.line, column: line.column, cells };
}

/** The plain text of a snippet of inline Markdown. */
function markdownText(snippet: string): string {
  const first = parseMdast(snippet).children[0];
  if (first?.type === 'paragraph') return inlineText(first.children).trim();
  return snippet.trim();
}
