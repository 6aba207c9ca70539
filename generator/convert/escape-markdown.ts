/**
 * Escapes plain spec text so that Markdown reads it back as the very same text:
 * property names (`$original_id`), DTL expressions with brackets and quotes,
 * pipes, emphasis characters and backticks all survive a round trip.
 */

/** Where the text goes: line-start markers matter in paragraphs, pipes in cells, closing `#`s in headings. */
export type MarkdownTextContext = 'paragraph' | 'cell' | 'heading';

/** A letter or digit on both sides of `_` makes it intraword, where it can never open or close emphasis. */
const WORD = /[\p{L}\p{N}]/u;

/** What follows an `&` in a character reference (`&amp;`, `&#35;`), matched in place. */
const REFERENCE_REST = /#?[A-Za-z0-9]+;/y;

/** The text up to a `.` or `:` that would start a GFM autolink literal. */
const AUTOLINK_PREFIX = /(?:www\.|(?:https?|mailto|xmpp):)$/i;

export function escapeMarkdownText(text: string, context: MarkdownTextContext): string {
  // Outline text is one line; a stray line break would end the block early.
  const flat = text.replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ').trim();
  let out = '';
  for (let index = 0; index < flat.length; index += 1) {
    const char = flat[index]!;
    out += escapeChar(flat, index) ? `\\${char}` : char;
  }
  if (context === 'paragraph') out = escapeBlockStart(out);
  if (context === 'heading' && out.endsWith('#')) out = `${out.slice(0, -1)}\\#`;
  return out;
}

function escapeChar(text: string, index: number): boolean {
  const before = text[index - 1];
  const after = text[index + 1];
  switch (text[index]) {
    case '\\':
    case '`':
    case '*':
    case '~':
    case '[':
    case '<':
    case '|':
      return true;
    case '_':
      return !(before !== undefined && after !== undefined && WORD.test(before) && WORD.test(after));
    case '&':
      // Only where it could start a character reference such as `&amp;` or `&#35;`.
      REFERENCE_REST.lastIndex = index + 1;
      return REFERENCE_REST.test(text);
    case '.':
    case ':':
      // GFM turns `www.` and `http://` into links whose text keeps any escapes inside them verbatim;
      // breaking the literal keeps the text exact.
      return AUTOLINK_PREFIX.test(text.slice(Math.max(0, index - 6), index + 1));
    default:
      return false;
  }
}

/** A paragraph that starts like a heading, list item, quote or thematic break gets its first marker escaped. */
function escapeBlockStart(text: string): string {
  if (/^[#>+=-]/.test(text)) return `\\${text}`;
  const ordered = /^(\d{1,9})([.)])/.exec(text);
  if (ordered) return `${ordered[1]}\\${text.slice(ordered[1]!.length)}`;
  return text;
}
