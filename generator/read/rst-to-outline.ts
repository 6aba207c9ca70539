/**
 * Turns a reStructuredText tree (from `restructured` or the fallback scanner)
 * into the reader-neutral outline: the title, the preamble, flattened sections
 * with their paragraphs, and list-tables read from the source lines.
 */
import type { Block, Outline, OutlineSection, Place } from './outline.js';
import type { RstNode } from './rst-tree.js';
import { parseListTable, type Reporter } from './list-table.js';
import { quote } from './report.js';

/** Builds the outline of a tree whose source text is `lines`. */
export function createOutline(tree: RstNode, lines: readonly string[], reportAt: Reporter): Outline {
  const outline: Outline = { title: null, preamble: [], sections: [] };
  // Lines before this one (1-based) belong to a list-table already read from the source.
  let tableEnd = 0;

  const top = tree.children ?? [];
  const topSections = top.filter((n) => n.type === 'section');
  const first = topSections[0];
  // RST has no title element: a single top-level section, or one holding the
  // others, is the document title (docutils promotes it the same way).
  const titleNode =
    first !== undefined && (topSections.length === 1 || (first.children ?? []).some((c) => c.type === 'section'))
      ? first
      : null;

  const collectBlocks = (nodes: readonly RstNode[], into: Block[]): void => {
    for (const node of nodes) {
      if (node.type === 'section' || node.type === 'title') continue;
      const start = startOf(node);
      if (start.line < tableEnd) continue;
      const block = createBlock(node, lines, reportAt);
      if (block === null) continue;
      if (block.kind === 'table') tableEnd = block.end + 1;
      into.push(block.block);
    }
  };

  const visitSection = (section: RstNode): void => {
    const children = section.children ?? [];
    const titleChild = children.find((c) => c.type === 'title');
    const place = titleChild ? textStartOf(titleChild) : startOf(section);
    const entry: OutlineSection = {
      title: titleChild ? flatten(titleChild).trim() : '',
      depth: section.depth ?? 1,
      blocks: [],
      ...place,
    };
    outline.sections.push(entry);
    collectBlocks(children, entry.blocks);
    for (const child of children) if (child.type === 'section') visitSection(child);
  };

  for (const node of top) {
    if (node === titleNode) {
      const children = node.children ?? [];
      const titleChild = children.find((c) => c.type === 'title');
      const place = titleChild ? textStartOf(titleChild) : startOf(node);
      outline.title = { text: titleChild ? flatten(titleChild).trim() : '', ...place };
      collectBlocks(children, outline.preamble);
      for (const child of children) if (child.type === 'section') visitSection(child);
    } else if (node.type === 'section') {
      visitSection(node);
    } else {
      collectBlocks([node], outline.preamble);
    }
  }
  return outline;
}

type Created = { kind: 'table'; block: Block; end: number } | { kind: 'other'; block: Block };

function createBlock(node: RstNode, lines: readonly string[], reportAt: Reporter): Created | null {
  const place = startOf(node);
  if (node.type === 'comment') {
    // Comments are not content, but a mistyped directive (`.. list-table:`) is a comment too: say what is ignored.
    const text = (lines[place.line - 1] ?? '').trim();
    if (text !== '..') reportAt('warning', 'comment', `RST comment ignored: ${quote(text)}`, place);
    return null;
  }
  if (node.type === 'directive' && node.directive === 'list-table') {
    const { table, end } = parseListTable(lines, place.line - 1, reportAt);
    return { kind: 'table', block: table, end };
  }
  if (node.type === 'directive') {
    // Any other directive is kept as text, so extraction reports what it does not understand.
    const text = (lines[place.line - 1] ?? '').trim();
    return { kind: 'other', block: { kind: 'paragraph', text, ...place } };
  }
  // Line breaks become spaces; where each fell is kept, so a sentence inside the paragraph has its own line.
  const parts = flatten(node).split(/[ \t]*\n[ \t]*/);
  const joined = parts.join(' ');
  const text = joined.trim();
  if (text === '') return null;
  const lead = joined.length - joined.trimStart().length;
  const breaks: number[] = [];
  let offset = 0;
  for (let i = 0; i < parts.length - 1; i++) {
    offset += parts[i]!.length + 1;
    if (offset - lead > 0 && offset - lead < text.length) breaks.push(offset - lead);
  }
  // Containers (block quotes, lists) can start on the blank line before them: point at their first text.
  const at = node.type === 'paragraph' ? place : leafStartOf(node);
  return { kind: 'other', block: { kind: 'paragraph', text, ...at, ...(breaks.length > 0 ? { breaks } : {}) } };
}

/** The text of a node with inline markup removed. */
export function flatten(node: RstNode): string {
  if (node.value !== undefined) return node.value;
  let text = '';
  for (const child of node.children ?? []) {
    const part = flatten(child);
    // Block children (list items, quoted paragraphs) are separate lines of text.
    text += text !== '' && isBlock(child) ? `\n${part}` : part;
  }
  return text;
}

const INLINE = new Set(['text', 'emphasis', 'strong', 'literal', 'interpreted_text', 'reference', 'footnote_reference', 'substitution_reference', 'target']);

function isBlock(node: RstNode): boolean {
  return !INLINE.has(node.type);
}

function startOf(node: RstNode): Place {
  const start = node.position?.start;
  return { line: start?.line ?? 1, column: start?.column ?? 1 };
}

function leafStartOf(node: RstNode): Place {
  let current = node;
  while (current.children?.[0]?.position) current = current.children[0];
  return startOf(current);
}

function textStartOf(node: RstNode): Place {
  for (const child of node.children ?? []) if (child.position) return startOf(child);
  return startOf(node);
}
