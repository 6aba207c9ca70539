/**
 * A linear, line-based scanner for the subset of reStructuredText dataflow
 * documents use (titles, paragraphs, directives, comments), producing the same
 * tree shape as `restructured`.
 *
 * Why it exists: `restructured` runs at roughly 1 MB per second and takes
 * seconds on a single multi-megabyte line, and it can throw on input it does
 * not expect. Real documents are under 50 KB, so `restructured` reads them;
 * inputs far beyond that, or ones it fails on, are read by this scanner, which
 * a test checks gives the same outline on every corpus document.
 */
import type { RstNode, RstPoint } from './rst-tree.js';
import { indentationOf, isAdornment, isLostCell } from './list-table.js';

const DIRECTIVE = /^\.\.\s+([A-Za-z0-9_:+.-]+?)::/;

/** Scans LF text into a tree of sections, titles, paragraphs, directives and comments. */
export function scanRst(text: string): RstNode {
  const lines = text.split('\n');
  const root: RstNode = { type: 'document', children: [], position: span(1, 1, lines.length, 1) };
  const styles: string[] = [];
  // Open sections, innermost last; each knows its depth.
  const stack: RstNode[] = [];
  const container = (): RstNode[] => (stack.at(-1) ?? root).children!;

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const indent = indentationOf(line);

    const title = indent.chars === 0 ? matchTitle(lines, i) : null;
    if (title !== null) {
      let depth = styles.indexOf(title.style) + 1;
      if (depth === 0) {
        styles.push(title.style);
        depth = styles.length;
      }
      while (stack.length > 0 && (stack.at(-1)!.depth ?? 0) >= depth) stack.pop();
      const textLine = title.textIndex + 1;
      const titleText = lines[title.textIndex]!;
      const lead = indentationOf(titleText).chars;
      const section: RstNode = {
        type: 'section',
        depth,
        position: span(i + 1, 1, title.next + 1, 1),
        children: [
          {
            type: 'title',
            position: span(i + 1, 1, title.next + 1, 1),
            children: [{ type: 'text', value: titleText.trim(), position: span(textLine, lead + 1, textLine, titleText.length + 1) }],
          },
        ],
      };
      container().push(section);
      stack.push(section);
      i = title.next;
      continue;
    }

    if (indent.chars === 0 && line.startsWith('..')) {
      const directive = DIRECTIVE.exec(line);
      // An empty comment (`..` alone) holds nothing after a blank line: what follows is a block of its own.
      const end = line.trim() === '..' && (lines[i + 1] ?? '').trim() === '' ? i + 1 : blockEnd(lines, i, directive?.[1] === 'list-table');
      container().push({
        type: directive ? 'directive' : 'comment',
        ...(directive ? { directive: directive[1]! } : {}),
        position: span(i + 1, 1, end + 1, 1),
        children: [{ type: 'text', value: lines.slice(i + 1, end).join('\n') }],
      });
      i = end;
      continue;
    }

    // A paragraph (or an indented block, kept as text): runs to the next blank line.
    let end = i + 1;
    while (end < lines.length && lines[end]!.trim() !== '' && matchTitle(lines, end) === null) end++;
    const body = lines.slice(i, end).map((l) => l.trim()).join('\n');
    container().push({
      type: indent.chars === 0 ? 'paragraph' : 'block_quote',
      position: span(i + 1, indent.chars + 1, end + 1, 1),
      children: [{ type: 'text', value: `${body}\n`, position: span(i + 1, indent.chars + 1, end + 1, 1) }],
    });
    i = end;
  }
  closePositions(root, lines.length);
  return root;
}

interface TitleMatch {
  /** Adornment style: the character, plus whether an overline is used. */
  style: string;
  textIndex: number;
  /** Index of the first line after the title. */
  next: number;
}

function matchTitle(lines: readonly string[], i: number): TitleMatch | null {
  const line = lines[i]!;
  const below = lines[i + 1];
  if (isAdornment(line)) {
    // Overline, title text, underline with the same character.
    const text = lines[i + 1];
    const under = lines[i + 2];
    if (text !== undefined && text.trim() !== '' && !isAdornment(text) && under !== undefined && under.trim() === line.trim()) {
      return { style: `${line[0]}/over`, textIndex: i + 1, next: i + 3 };
    }
    return null;
  }
  if (below !== undefined && isAdornment(below) && line.trim() !== '' && indentationOf(line).chars === 0) {
    return { style: `${below[0]}/under`, textIndex: i, next: i + 2 };
  }
  return null;
}

/** First line after an explicit markup block: indented and blank lines belong to it. */
function blockEnd(lines: readonly string[], start: number, isListTable: boolean): number {
  let end = start + 1;
  let lastContent = start;
  let previousBlank = false;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    if (line.trim() === '') {
      previousBlank = true;
      continue;
    }
    if (indentationOf(line).chars === 0) {
      if (!(isListTable && !previousBlank && isLostCell(lines, end))) break;
    }
    previousBlank = false;
    lastContent = end;
  }
  return lastContent + 1;
}

function span(startLine: number, startColumn: number, endLine: number, endColumn: number): { start: RstPoint; end: RstPoint } {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

/** Sections end where the next sibling (or the document) ends; titles alone were recorded. */
function closePositions(node: RstNode, lastLine: number): void {
  const children = node.children ?? [];
  for (let k = 0; k < children.length; k++) {
    const child = children[k]!;
    if (child.type === 'section') {
      const nextStart = children[k + 1]?.position?.start.line ?? lastLine;
      child.position = span(child.position!.start.line, 1, nextStart, 1);
      closePositions(child, nextStart);
    }
  }
}
