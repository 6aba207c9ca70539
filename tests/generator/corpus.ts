/** Where the shared corpus is for tests, and which documents it holds (tests skip when it is absent). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = '../shared/corpus';
export const SEED = '../shared/seed/invoiced-crmoffice.rst';
export const hasCorpus = existsSync(join(CORPUS, 'latest')) && existsSync(join(CORPUS, 'history'));
export const SKIP_REASON = `the shared corpus (${CORPUS}) is absent: corpus tests skipped`;

export function corpusFiles(): string[] {
  if (!hasCorpus) return [];
  const files: string[] = [];
  for (const folder of ['latest', 'history']) {
    for (const name of readdirSync(join(CORPUS, folder)).sort()) if (name.endsWith('.rst')) files.push(join(CORPUS, folder, name));
  }
  if (existsSync(SEED)) files.push(SEED);
  return files;
}
