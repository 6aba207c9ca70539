/**
 * The reStructuredText reader: a unified parser plugin around `restructured`
 * (falling back to the line scanner where `restructured` is too slow or
 * fails), and a compiler plugin that turns the tree into the outline.
 */
import restructuredModule from '#restructured';
import { unified, type Plugin } from 'unified';
import type { VFile } from 'vfile';
import type { Outline } from './outline.js';
import type { RstNode } from './rst-tree.js';
import { createOutline } from './rst-to-outline.js';
import { scanRst } from './rst-scan.js';
import { repairLostCells } from './rst-repair.js';
import { hideTableBodies } from './rst-skeleton.js';
import { report } from './report.js';

declare module 'unified' {
  interface CompileResultMap {
    Outline: Outline;
  }
}

/**
 * `restructured` reads real documents at about 1 MB per second, and markup they
 * never use (lists, block quotes, inline markup) at 5 to 40 seconds per MB.
 * Real documents are under 64 KB and use none of it; past these limits the
 * linear scanner reads instead, so no input costs seconds.
 */
const MAX_RESTRUCTURED_BYTES = 128 * 1024;
const MAX_RESTRUCTURED_UNUSUAL_LINES = 50;
const MAX_RESTRUCTURED_INLINE_MARKUP = 200;
/** On long lines and long paragraphs `restructured` slows to ~10 seconds per MB. */
const MAX_RESTRUCTURED_LINE = 10_000;
const MAX_RESTRUCTURED_PARAGRAPH = 8 * 1024;
/** No real line comes near this; longer ones are reported as errors (and still read). */
export const MAX_LINE_LENGTH = 64 * 1024;

/** Parser plugin: LF text to a reStructuredText tree with positions. */
export const rstParse: Plugin<[], string, RstNode> = function () {
  this.parser = (document: string, file: VFile): RstNode => parseRstTree(document, file);
};

/** Compiler plugin: the tree to the reader-neutral outline. */
export const rstToOutline: Plugin<[], RstNode, Outline> = function () {
  this.compiler = (tree, file): Outline => {
    const lines = String(file.value).split('\n');
    return createOutline(tree as RstNode, lines, (severity, code, message, place) => report(file, severity, code, message, place));
  };
};

const restructured = restructuredModule.default ?? restructuredModule;

const processor = unified().use(rstParse).use(rstToOutline).freeze();

/** Reads a decoded RST file (LF text in `file.value`) into an outline, reporting problems on the file. */
export function readRst(file: VFile): Outline {
  const tree = processor.parse(file);
  return processor.stringify(tree, file) as Outline;
}

/** Picks `restructured` or the scanner for this text, and reports over-long lines. */
export function parseRstTree(text: string, file: VFile): RstNode {
  const shape = measure(text);
  for (const line of shape.longLines) {
    report(file, 'error', 'line-too-long', `line is ${line.length} characters long (the limit is ${MAX_LINE_LENGTH})`, { line: line.line, column: 1 });
  }
  const tooBig =
    text.length > MAX_RESTRUCTURED_BYTES
      ? `the document is larger than ${MAX_RESTRUCTURED_BYTES / 1024} KB`
      : shape.longestLine > MAX_RESTRUCTURED_LINE
        ? `a line is longer than ${MAX_RESTRUCTURED_LINE} characters`
        : shape.longestParagraph > MAX_RESTRUCTURED_PARAGRAPH
          ? `a paragraph is longer than ${MAX_RESTRUCTURED_PARAGRAPH} characters`
          : shape.unusualLines > MAX_RESTRUCTURED_UNUSUAL_LINES
            ? `more than ${MAX_RESTRUCTURED_UNUSUAL_LINES} lines of lists or indented text outside tables`
            : shape.inlineMarkup > MAX_RESTRUCTURED_INLINE_MARKUP
              ? `more than ${MAX_RESTRUCTURED_INLINE_MARKUP} inline markup characters outside tables`
              : null;
  if (tooBig !== null) {
    report(file, 'info', 'line-scanner', `read with the line scanner: ${tooBig}`, { line: 1, column: 1 });
    return scanRst(text);
  }
  try {
    const tree = restructured.parse(hideTableBodies(repairLostCells(text)), { position: true, blanklines: true });
    const lost = findUnknown(tree);
    if (lost === null) return tree;
    // `restructured` marks what it could not parse as `unknown` and then often misplaces
    // the sections after it; the scanner keeps the structure.
    report(file, 'info', 'line-scanner', `read with the line scanner: the RST reader could not parse line ${lost}`, { line: lost, column: 1 });
    return scanRst(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    report(file, 'warning', 'reader-failed', `the RST reader failed (${reason}); read with the line scanner`, { line: 1, column: 1 });
    return scanRst(text);
  }
}

interface Shape {
  longestLine: number;
  longestParagraph: number;
  /** Lines of markup dataflow documents never use (block quotes, lists, field lists, line blocks). */
  unusualLines: number;
  /** Inline markup characters outside directives. */
  inlineMarkup: number;
  longLines: { line: number; length: number }[];
}

const LIST_LIKE = /^(?:[*+\-\u2022] |\d+[.)] |#[.)] |\(\d+\) |:[^:\s][^:]*: |\| )/;
const INLINE_MARKUP = /[*`|]/g;

/**
 * One pass over the text: what decides whether `restructured` can read it
 * quickly, and the lines over the hard limit.
 */
function measure(text: string): Shape {
  const shape: Shape = { longestLine: 0, longestParagraph: 0, unusualLines: 0, inlineMarkup: 0, longLines: [] };
  const detailed = text.length <= MAX_RESTRUCTURED_BYTES;
  let start = 0;
  let line = 1;
  let paragraph = -1;
  let explicit = false;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const length = end - start;
    if (length > shape.longestLine) shape.longestLine = length;
    if (length > MAX_LINE_LENGTH) shape.longLines.push({ line, length });
    if (detailed) {
      const content = text.slice(start, end);
      const blank = content.trim() === '';
      const c = text.charCodeAt(start);
      const indented = c === 32 || c === 9;
      if (!blank && !indented) explicit = content.startsWith('..');
      if (blank) {
        paragraph = -1;
      } else if (paragraph === -1) {
        // Explicit markup (directives, comments) is not a paragraph: restructured reads its body fast.
        paragraph = indented || explicit ? -2 : length;
      } else if (paragraph >= 0) {
        paragraph += length + 1;
      }
      if (paragraph > shape.longestParagraph) shape.longestParagraph = paragraph;
      if (!blank && !explicit) {
        if (indented || LIST_LIKE.test(content)) shape.unusualLines++;
        INLINE_MARKUP.lastIndex = 0;
        while (INLINE_MARKUP.exec(content) !== null) shape.inlineMarkup++;
      }
    }
    start = end + 1;
    line++;
  }
  return shape;
}

/** Line of the first node `restructured` could not parse, or null. */
function findUnknown(node: RstNode): number | null {
  if (node.type === 'unknown') return node.position?.start.line ?? 1;
  for (const child of node.children ?? []) {
    const line = findUnknown(child);
    if (line !== null) return line;
  }
  return null;
}
