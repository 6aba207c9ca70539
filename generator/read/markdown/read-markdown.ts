/** The Markdown reader: Markdown spec text to the reader-neutral outline, plus the reader's own diagnostics. */
import type { Heading, RootContent } from 'mdast';
import type { Diagnostic } from '../../ir.js';
import type { Block, Outline, OutlineSection } from '../outline.js';
import { inlineText } from './inline-text.js';
import { recoverLooseTable } from './loose-table.js';
import { createMarkdownDiagnostic, placeOf } from './markdown-place.js';
import { parseMdast } from './parse-mdast.js';
import { createTableBlock } from './table-block.js';

export interface MarkdownReadResult {
  outline: Outline;
  diagnostics: Diagnostic[];
}

/** Block kinds a spec has no use for; reported so that nothing a writer meant is dropped silently. */
const UNSUPPORTED: Partial<Record<RootContent['type'], string>> = {
  list: 'a list',
  code: 'a code block',
  blockquote: 'a block quote',
  html: 'an HTML block',
  definition: 'a link definition',
  footnoteDefinition: 'a footnote',
  yaml: 'front matter',
};

export function readMarkdown(contents: string | Uint8Array): MarkdownReadResult {
  const text = typeof contents === 'string' ? contents : new TextDecoder().decode(contents);
  // A byte-order mark is not part of the first line's text.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const diagnostics: Diagnostic[] = [];
  const outline: Outline = { title: null, preamble: [], sections: [] };
  let current: Block[] = outline.preamble;

  for (const node of parseMdast(source).children) {
    switch (node.type) {
      case 'heading': {
        const heading = createHeading(node);
        if (node.depth === 1 && outline.title === null && outline.sections.length === 0) {
          outline.title = { line: heading.line, column: heading.column, text: heading.title };
          continue;
        }
        if (node.depth === 1) {
          diagnostics.push(
            createMarkdownDiagnostic(
              'warning',
              'extra-title',
              outline.title
                ? `A spec has one document title (\`#\`); "${heading.title}" is read as a section (use \`##\` for flows)`
                : `The document title must come before the first section; "${heading.title}" is read as a section`,
              heading,
            ),
          );
        }
        outline.sections.push(heading);
        current = heading.blocks;
        continue;
      }
      case 'paragraph': {
        const recovered = recoverLooseTable(node, source, diagnostics);
        if (recovered) current.push(...recovered);
        else current.push({ kind: 'paragraph', ...placeOf(node), text: inlineText(node.children).trim() });
        continue;
      }
      case 'table':
        current.push(createTableBlock(node, source, diagnostics));
        continue;
      case 'thematicBreak':
        // A visual separator: it says nothing about the flows.
        continue;
      case 'html':
        if (/^<!--[\s\S]*-->\s*$/.test(node.value)) continue;
        break;
      default:
        break;
    }
    const what = UNSUPPORTED[node.type] ?? `a ${node.type} block`;
    diagnostics.push(
      createMarkdownDiagnostic(
        'warning',
        'markdown-unsupported',
        `Specs hold headings, sentences and pipe tables; ${what} is ignored`,
        placeOf(node),
      ),
    );
  }

  if (outline.title === null) {
    diagnostics.push(
      createMarkdownDiagnostic(
        'error',
        'missing-title',
        'Document has no title: start it with `# <Source> to <Target> Dataflow`',
        outline.sections[0] ?? { line: 1, column: 1 },
      ),
    );
  }
  return { outline, diagnostics };
}

function createHeading(node: Heading): OutlineSection {
  const first = node.children[0];
  const place = first ? placeOf(first) : placeOf(node);
  return { ...place, title: inlineText(node.children).trim(), depth: node.depth, blocks: [] };
}
