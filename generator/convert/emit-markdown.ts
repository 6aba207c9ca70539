/** Writes an outline (read from any spec format) as a Markdown spec: `#` title, `##` sections, sentences and pipe tables. */
import type { Block, Outline, TableBlock } from '../read/outline.js';
import { escapeMarkdownText } from './escape-markdown.js';

export function emitMarkdown(outline: Outline): string {
  const parts: string[] = [];
  if (outline.title) parts.push(`# ${escapeMarkdownText(outline.title.text, 'heading')}`);
  for (const block of outline.preamble) parts.push(emitBlock(block));
  for (const section of outline.sections) {
    // Only the title is `#`: an outline without a title keeps its sections at `##`, so that reading
    // the Markdown back finds no title either, as the original had none.
    const depth = Math.min(Math.max(section.depth, 2), 6);
    parts.push(`${'#'.repeat(depth)} ${escapeMarkdownText(section.title, 'heading')}`.trimEnd());
    for (const block of section.blocks) parts.push(emitBlock(block));
  }
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

function emitBlock(block: Block): string {
  return block.kind === 'paragraph' ? escapeMarkdownText(block.text, 'paragraph') : emitTable(block);
}

/**
 * A pipe table with its columns padded to one width, so it reads well and
 * diffs cleanly when edited by hand. Rows keep their own cell count: a row
 * that is too short or too long stays so and is reported when read back.
 */
function emitTable(table: TableBlock): string {
  const rows = table.rows.map((row) => row.cells.map((cell) => escapeMarkdownText(cell.text, 'cell')));
  const header = rows[0];
  if (!header || header.length === 0) return '';
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 3, cell.length);
    });
  }
  const line = (cells: string[]): string => `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  const delimiter = line(header.map((_, index) => '-'.repeat(widths[index] ?? 3)));
  return [line(header), delimiter, ...rows.slice(1).map(line)].join('\n');
}
