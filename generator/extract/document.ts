/** Turns a document outline into the IR: title and systems, the generated stamp, and the flows. */
import type { VFile } from 'vfile';
import type { Document, Flow } from '../ir.js';
import type { Outline, OutlineSection } from '../read/outline.js';
import { quote, report } from '../read/report.js';
import { createExtractContext } from './context.js';
import { systemHintsOf } from './file-name.js';
import { extractFlow } from './flow.js';
import { matchGenerated } from './sentences/generated.js';
import { parseTitle } from './title.js';

const INTRODUCTION = /^Introduction\.?$/;

/** Builds the document (diagnostics not yet filled in: they are collected on `file`). */
export function extractDocument(outline: Outline, file: VFile, path: string): Omit<Document, 'diagnostics'> {
  let title = outline.title;
  let sections = outline.sections;
  if (title === null && sections[0] !== undefined && / Dataflow$/.test(sections[0].title)) {
    // The title was written with the same adornment as the flow sections, so RST sees no title.
    const first = sections[0];
    report(file, 'warning', 'odd-title', `the title ${quote(first.title)} is marked up like a flow section`, first);
    title = { text: first.title, line: first.line, column: first.column };
    sections = sections.slice(1);
  }
  if (title === null) {
    report(file, 'error', 'missing-title', 'the document has no title ("<Source> to <Target> Dataflow")', { line: 1, column: 1 });
  }

  const systems = title ? parseTitle(title.text) : null;
  if (title !== null && systems === null) {
    report(file, 'warning', 'odd-title', `title ${quote(title.text)} is not "<Source> to <Target> Dataflow"; system names taken as empty`, title);
  }
  if (title !== null && systems !== null) {
    if (systems.source === '') {
      report(file, 'warning', 'empty-system', 'the source system name in the title is empty', { line: title.line, column: title.column + systems.sourceAt });
    }
    if (systems.target === '') {
      report(file, 'warning', 'empty-system', 'the target system name in the title is empty', { line: title.line, column: title.column + systems.targetAt });
    }
  }

  const ctx = createExtractContext(file, { source: systems?.source ?? '', target: systems?.target ?? '' }, systemHintsOf(path));

  let generatedAt: string | null = null;
  for (const block of outline.preamble) {
    const generated = block.kind === 'paragraph' ? matchGenerated(block.text) : null;
    if (generated !== null && generatedAt === null) {
      generatedAt = generated.at;
    } else {
      const what = block.kind === 'paragraph' ? `text ${quote(block.text, 1000)}` : 'a table';
      ctx.report('warning', 'unknown-sentence', `${what} before the first section is not understood`, block);
    }
  }

  const flows: Flow[] = [];
  const seen = new Map<string, OutlineSection>();
  for (const section of sections) {
    if (INTRODUCTION.test(section.title)) continue;
    const flow = extractFlow(section, ctx);
    if (flow === null) continue;
    const earlier = seen.get(flow.title);
    if (earlier !== undefined) {
      ctx.report('warning', 'duplicate-flow', `flow ${quote(flow.title)} appears again (first at line ${earlier.line}); both are kept`, section);
    } else {
      seen.set(flow.title, section);
    }
    flows.push(flow);
  }

  return {
    file: path,
    title: title?.text ?? '',
    sourceSystem: systems?.source ?? '',
    targetSystem: systems?.target ?? '',
    generatedAt,
    flows,
  };
}
