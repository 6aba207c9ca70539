/** Flattens Markdown inline content to the plain text the outline carries (markup removed, line breaks as spaces). */
import type { Nodes } from 'mdast';

/** The plain text of inline nodes: what a reader of the rendered Markdown would see. */
export function inlineText(nodes: readonly Nodes[]): string {
  let text = '';
  for (const node of nodes) text += nodeText(node);
  return text.replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' ');
}

function nodeText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'html':
      // Inline comments are notes for the people editing the spec, not spec text.
      return /^<!--[\s\S]*-->$/.test(node.value) ? '' : node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? inlineText(node.children as Nodes[]) : '';
  }
}
