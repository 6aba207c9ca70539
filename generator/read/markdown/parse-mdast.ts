/** Parses a snippet of Markdown (with GFM) into an mdast tree; used to read cells of tables Markdown did not see. */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

export function parseMdast(text: string): Root {
  return processor.parse(text);
}
