/** Turns a Markdown tree (mdast with GFM tables) into the reader-neutral outline. */
import type { Heading, Root, RootContent } from 'mdast';
import type { Block, Outline, OutlineSection } from '../outline.js';
import { inlineText } from './inline-text.js';
import { recoverLooseTable } from './loose-table.js';
import { placeOf, type ReportAt } from './markdown-place.js';
import { createTableBlock } from './table-block.js';

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

/** Builds the outline of a tree parsed from `source`. */
export function createMarkdownOutline(tree: Root, source: string, reportAt: ReportAt): Outline {
  const outline: Outline = { title: null, preamble: [], sections: [] };
  let current: Block[] = outline.preamble;

  for (const node of tree.children) {
    switch (node.type) {
      case 'heading': {
        const heading = createSection(node);
        if (node.depth === 1 && outline.title === null) {
          outline.title = { line: heading.line, column: heading.column, text: heading.title };
          current = outline.preamble;
          if (outline.sections.length > 0) {
            reportAt('warning', 'title-not-first', 'the document title should come before the first section', heading);
          }
          continue;
        }
        if (node.depth === 1) {
          reportAt(
            'warning',
            'extra-title',
            `a spec has one document title; use \`##\` for flow sections: ${JSON.stringify(heading.title)} is read as a section`,
            heading,
          );
        }
        outline.sections.push(heading);
        current = heading.blocks;
        continue;
      }
      case 'paragraph': {
        const recovered = recoverLooseTable(node, source, reportAt);
        if (recovered) for (const block of recovered) current.push(block);
        else current.push({ kind: 'paragraph', ...placeOf(node), text: inlineText(node.children).trim() });
        continue;
      }
      case 'table':
        current.push(createTableBlock(node, source, reportAt));
        continue;
      case 'thematicBreak':
        // A visual separator: it says nothing about the flows.
        continue;
      case 'html':
        // Comments are notes for the people editing the spec.
        if (/^<!--[\s\S]*-->\s*$/.test(node.value)) continue;
        break;
      default:
        break;
    }
    const what = UNSUPPORTED[node.type] ?? `a ${node.type} block`;
    reportAt(
      'warning',
      'markdown-unsupported',
      `a spec holds headings, sentences and pipe tables; ${what} is ignored`,
      placeOf(node),
    );
  }

  // A missing title is extraction's to report, whatever the reader.
  for (const section of outline.sections) {
    if (section.blocks.length > 0) continue;
    reportAt('warning', 'empty-section', `section ${JSON.stringify(section.title)} has no sentences or tables`, section);
  }
  return outline;
}

function createSection(node: Heading): OutlineSection {
  const first = node.children[0];
  return { ...placeOf(first ?? node), title: inlineText(node.children).trim(), depth: node.depth, blocks: [] };
}
