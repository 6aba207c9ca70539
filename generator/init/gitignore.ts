/**
 * The lines `dataflow init` wants in `.gitignore`, added to an existing file
 * at its end when missing: nothing is reordered or duplicated, and a line the
 * user wrote in another spelling (`node_modules`, `/node_modules/`) counts.
 */

/** What git should not see: installed packages, the sync state (links, last-synced values), the docs site `dataflow docs` writes. */
export const GITIGNORE_LINES: readonly { line: string; why: string }[] = [
  { line: 'node_modules/', why: 'installed packages' },
  { line: '.dataflow/', why: 'dataflow sync state (links and last-synced values): keep it, but not in git' },
  { line: 'docs-site/', why: 'the site `dataflow docs` writes' },
];

/** The text of a new .gitignore. */
export function newGitignore(): string {
  return GITIGNORE_LINES.map(({ line, why }) => `# ${why}\n${line}\n`).join('');
}

/** `text` with the missing lines appended (null when none is missing), and which were added. */
export function extendGitignore(text: string): { text: string | null; added: string[] } {
  const present = new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
      .map(bare),
  );
  const missing = GITIGNORE_LINES.filter(({ line }) => !present.has(bare(line)));
  if (missing.length === 0) return { text: null, added: [] };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const head = text === '' || text.endsWith('\n') ? text : `${text}${eol}`;
  const block = ['# added by dataflow init', ...missing.map((m) => m.line)].join(eol);
  return { text: `${head}${head === '' ? '' : eol}${block}${eol}`, added: missing.map((m) => m.line) };
}

/** A pattern without the slashes that do not change what it matches here (a folder at the root). */
function bare(pattern: string): string {
  return pattern.replace(/^\//, '').replace(/\/$/, '').replace(/\/\*\*$/, '');
}
