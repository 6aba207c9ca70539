/**
 * Converts a spec in any readable format (RST, or Markdown to normalise it) to
 * its Markdown form, alongside the parsed document whose diagnostics say what
 * was wrong with the original.
 */
import { extname } from 'node:path';
import { VFile } from 'vfile';
import { decodeSpec } from '../decode.js';
import type { Document } from '../ir.js';
import { parseSpecText, readerFor } from '../parse.js';
import { emitMarkdown } from './emit-markdown.js';
import { diagnosticsDifference, documentDifference, RST_MARKUP_CODES } from './same-document.js';

export interface ConvertedSpec {
  markdown: string;
  /** The original parsed as usual: its diagnostics are the original's problems. */
  document: Document;
  /** The Markdown parsed back. */
  back: Document;
  /** How the dataflows of `back` differ from the original's (`null`: they do not). */
  difference: string | null;
  /** How `back`'s findings differ from the original's, markup-only RST findings aside (`null`: they do not). */
  findingsDifference: string | null;
}

export function convertSpecToMarkdown(file: string, contents: string | Uint8Array): ConvertedSpec {
  const document = parseSpecText(file, contents);
  // The outline, not the IR, is converted: it keeps every sentence as written (also those the IR
  // has no field for, or that extraction did not understand), so the Markdown says what the
  // original says, and parsing it gives the same IR and the same findings.
  const outline = readerFor(file)(new VFile({ path: file, value: decodeSpec(contents).text }));
  const markdown = emitMarkdown(outline);
  const back = parseSpecText(`${file.slice(0, file.length - extname(file).length)}.md`, markdown);
  return {
    markdown,
    document,
    back,
    difference: documentDifference(document, back),
    findingsDifference: diagnosticsDifference(document, back, RST_MARKUP_CODES),
  };
}
