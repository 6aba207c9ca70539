/** Parses Markdown text into an mdast tree with GFM (pipe tables) enabled, one processor for every call. */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

export function parseMdast(text: string): Root {
  return processor.parse(text);
}
