/**
 * The Markdown reader: a unified pipeline (remark-parse, remark-gfm for pipe
 * tables, and a compiler plugin) from Markdown spec text to the outline.
 */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Plugin } from 'unified';
import { VFile } from 'vfile';
import type { Diagnostic } from '../../ir.js';
import type { Outline } from '../outline.js';
import { diagnosticsOf, report } from '../report.js';
import { createMarkdownOutline } from './mdast-to-outline.js';

declare module 'unified' {
  interface CompileResultMap {
    Outline: Outline;
  }
}

/** Compiler plugin: the Markdown tree to the reader-neutral outline, problems reported on the file. */
export const markdownToOutline: Plugin<[], Root, Outline> = function () {
  this.compiler = (tree, file): Outline =>
    createMarkdownOutline(tree as Root, String(file.value), (severity, code, message, place) =>
      report(file, severity, code, message, place),
    );
};

const processor = unified().use(remarkParse).use(remarkGfm).use(markdownToOutline).freeze();

/** Reads a decoded Markdown file (text in `file.value`) into an outline, reporting problems on the file. */
export function readMarkdown(file: VFile): Outline {
  const tree = processor.parse(file);
  return processor.stringify(tree, file) as Outline;
}

/** Reads Markdown text on its own, without extraction: the outline and the reader's diagnostics (tests, tools). */
export function readMarkdownText(text: string): { outline: Outline; diagnostics: Diagnostic[] } {
  const file = new VFile({ value: text.startsWith('\uFEFF') ? text.slice(1) : text });
  const outline = readMarkdown(file);
  return { outline, diagnostics: diagnosticsOf(file) };
}
