/**
 * Benchmark of `dataflow diff` on two folders of 600 real documents each, against
 * parsing the same 1200 files alone (the baseline: diffing should add little to it).
 * Run with `npm run bench:diff`.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { diffDocument } from '../generator/diff/diff-document.js';
import { findSpecFiles, parseSpecText } from '../generator/parse.js';
import { diffSpecSets } from '../generator/diff/diff-sets.js';
import { loadSpecFolder } from '../generator/diff/load-specs.js';
import { bestOfAsync } from './timing.js';

const corpus = join(process.cwd(), '..', 'shared', 'corpus');
if (!existsSync(join(corpus, 'history')) || !existsSync(join(corpus, 'latest'))) {
  console.error(`bench:diff skipped: no corpus at ${corpus}`);
  process.exit(0);
}

function listVersions(): { history: string[]; latest: string[]; versions: Map<string, string[]> } {
  const history = readdirSync(join(corpus, 'history')).filter((f) => f.endsWith('.rst')).sort();
  const latest = readdirSync(join(corpus, 'latest')).filter((f) => f.endsWith('.rst')).sort();
  const versions = new Map<string, string[]>();
  for (const f of history) {
    const doc = f.slice(0, f.indexOf('@'));
    versions.set(doc, [...(versions.get(doc) ?? []), join(corpus, 'history', f)]);
  }
  return { history, latest, versions };
}

/**
 * 600 documents, shaped like history vs latest: `old/<doc>` is the newest
 * history version of each latest document (the latest itself where there is
 * none), `new/<doc>` the latest. 300 per side, most of them changed.
 */
function createLatestFolders(root: string): { before: string; after: string } {
  const { latest, versions } = listVersions();
  const before = join(root, 'old');
  const after = join(root, 'new');
  mkdirSync(before, { recursive: true });
  mkdirSync(after, { recursive: true });
  for (const f of latest) {
    const list = versions.get(f.replace(/\.rst$/, ''));
    copyFileSync(list?.[list.length - 1] ?? join(corpus, 'latest', f), join(before, f));
    copyFileSync(join(corpus, 'latest', f), join(after, f));
  }
  return { before, after };
}

/**
 * 600 documents on each side, paired by name, with real changes between them:
 * `history/<doc@date@hash>` holds a version and its successor (the next history
 * version, else the latest), `latest/<doc>` the oldest known version and the latest.
 */
function createFullFolders(root: string): { before: string; after: string } {
  const { history, latest, versions } = listVersions();
  const before = join(root, 'old');
  const after = join(root, 'new');
  for (const dir of [before, after]) for (const sub of ['history', 'latest']) mkdirSync(join(dir, sub), { recursive: true });
  for (const f of history) {
    const doc = f.slice(0, f.indexOf('@'));
    const list = versions.get(doc)!;
    const next = list[list.indexOf(join(corpus, 'history', f)) + 1] ?? join(corpus, 'latest', `${doc}.rst`);
    copyFileSync(join(corpus, 'history', f), join(before, 'history', f));
    copyFileSync(existsSync(next) ? next : join(corpus, 'history', f), join(after, 'history', f));
  }
  for (const f of latest) {
    const oldest = versions.get(f.replace(/\.rst$/, ''))?.[0] ?? join(corpus, 'latest', f);
    copyFileSync(oldest, join(before, 'latest', f));
    copyFileSync(join(corpus, 'latest', f), join(after, 'latest', f));
  }
  return { before, after };
}

async function parseOnly(dirs: string[]): Promise<number> {
  let flows = 0;
  for (const dir of dirs) {
    const set = await loadSpecFolder(dir, findSpecFiles);
    for (const entry of set.entries.values()) flows += parseSpecText(entry.file, entry.contents).flows.length;
  }
  return flows;
}

async function fullDiff(before: string, after: string) {
  const [a, b] = [await loadSpecFolder(before, findSpecFiles), await loadSpecFolder(after, findSpecFiles)];
  return diffSpecSets(a, b, parseSpecText).report;
}

/** The diff engine alone, on documents parsed beforehand: what the diff adds to parsing. */
async function diffEngineOnly(before: string, after: string): Promise<number> {
  const [a, b] = [await loadSpecFolder(before, findSpecFiles), await loadSpecFolder(after, findSpecFiles)];
  const parse = (set: typeof a) => new Map([...set.entries].map(([name, e]) => [name, parseSpecText(e.file, e.contents)]));
  const [da, db] = [parse(a), parse(b)];
  const names = [...new Set([...da.keys(), ...db.keys()])];
  const t = performance.now();
  for (const name of names) diffDocument(name, da.get(name) ?? null, db.get(name) ?? null);
  return performance.now() - t;
}

async function best(label: string, runs: number, fn: () => Promise<unknown>): Promise<number> {
  const min = await bestOfAsync(runs, fn);
  console.log(`${label.padEnd(36)} ${min.toFixed(0).padStart(6)} ms (best of ${runs})`);
  return min;
}

async function scenario(title: string, create: (root: string) => { before: string; after: string }): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'dataflow-bench-diff-'));
  try {
    const { before, after } = create(root);
    const report = await fullDiff(before, after);
    console.log(`\n${title}`);
    console.log(
      `  ${report.compared} documents paired, ${report.documents.length} changed; ` +
        `${report.breaking} breaking, ${report.compatible} compatible changes; ${report.skipped.length} skipped`,
    );
    const baseline = await best('  parse only (both folders)', 3, () => parseOnly([before, after]));
    const diff = await best('  read + parse + diff (both folders)', 3, () => fullDiff(before, after));
    console.log(`  ratio diff / parse-only: ${(diff / baseline).toFixed(2)}x`);
    const engine = await diffEngineOnly(before, after);
    console.log(`${'  diff engine only (pre-parsed)'.padEnd(36)} ${engine.toFixed(0).padStart(6)} ms`);
    const bin = join(process.cwd(), 'bin', 'dataflow.js');
    if (existsSync(join(process.cwd(), 'dist', 'generator', 'cli', 'commands', 'diff.js'))) {
      const t = performance.now();
      spawnSync(process.execPath, [bin, 'diff', '--json', before, after], { stdio: 'ignore' });
      console.log(`${'  cold CLI run (node bin/dataflow.js)'.padEnd(36)} ${(performance.now() - t).toFixed(0).padStart(6)} ms (one run, JIT cold)`);
    }
    return diff;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await parseOnly([join(corpus, 'latest')]); // warm-up of module caches and the JIT
const main = await scenario('600 documents: newest history version vs latest (300 per side)', createLatestFolders);
await scenario('1200 documents: 600 per side (history and latest, each against its successor)', createFullFolders);
console.log(`\nbudget: 600 documents under 2000 ms: ${main < 2000 ? 'met' : 'MISSED'} (${main.toFixed(0)} ms)`);
