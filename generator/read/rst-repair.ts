/**
 * Re-indents table cells the publisher left at column 0, before `restructured`
 * sees the text: otherwise such a line ends the list-table and `restructured`
 * loses the section structure of the rest of the document. Only the tree's
 * extent depends on this; cells are read (and the repair reported) from the
 * original lines by the list-table parser.
 */
import { indentationOf, isLostCell } from './list-table.js';

/** The text with lost table cells indented, line count unchanged; the same string when nothing was lost. */
export function repairLostCells(text: string): string {
  if (!text.includes('.. list-table::')) return text;
  const lines = text.split('\n');
  let inTable = false;
  let previousBlank = false;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      previousBlank = true;
      continue;
    }
    if (indentationOf(line).chars === 0) {
      if (inTable && !previousBlank && isLostCell(lines, i)) {
        lines[i] = `       ${line}`;
        changed = true;
      } else {
        inTable = line.startsWith('.. list-table::');
      }
    }
    previousBlank = false;
  }
  return changed ? lines.join('\n') : text;
}
