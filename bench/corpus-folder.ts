/**
 * The corpus the benchmarks read (../shared/corpus, beside the repository),
 * and specs folders of a chosen size made from it by repeating its documents.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const shared = join(repoRoot, '..', 'shared');
export const corpusDir = join(shared, 'corpus');

/** Ends the benchmark with exit 0 and a note where there is no corpus (a clone without ../shared). */
export function requireCorpus(bench: string): void {
  if (existsSync(corpusDir)) return;
  console.error(`${bench}: no corpus at ${corpusDir}; skipped`);
  process.exit(0);
}

/** The corpus documents (latest/, then history/, each sorted by name) and the seed spec, as absolute paths. */
export function corpusSources(): string[] {
  return [
    ...['latest', 'history'].flatMap((folder) =>
      readdirSync(join(corpusDir, folder))
        .filter((n) => n.endsWith('.rst'))
        .sort()
        .map((n) => join(corpusDir, folder, n)),
    ),
    join(shared, 'seed', 'invoiced-crmoffice.rst'),
  ];
}

/**
 * Fills `specs` with `count` documents: corpusSources() over and over, the
 * n-th round under copy-n/. 'corpus-folders' keeps each document's folder and
 * name (copy-2/latest/x.rst). 'unique-names' makes every file name unique in
 * the whole tree (copy-2/x-2.rst), as generate needs (a slug is a file name);
 * a name already taken (the seed is also in latest/) is skipped.
 */
export function fillSpecsFolder(specs: string, count: number, layout: 'corpus-folders' | 'unique-names'): void {
  const sources = corpusSources();
  const taken = new Set<string>();
  for (let i = 0; taken.size < count; i++) {
    const source = sources[i % sources.length]!;
    const copy = Math.floor(i / sources.length) + 1;
    const name = basename(source);
    const file =
      layout === 'corpus-folders'
        ? join(specs, `copy-${copy}`, basename(dirname(source)), name)
        : join(specs, `copy-${copy}`, name.replace(/\.rst$/, copy === 1 ? '.rst' : `-${copy}.rst`));
    const key = layout === 'corpus-folders' ? file : basename(file);
    if (taken.has(key)) continue;
    taken.add(key);
    mkdirSync(dirname(file), { recursive: true });
    cpSync(source, file);
  }
}
