/**
 * `generate --watch` on a specs folder of 1,152 documents (latest, history and
 * the seed, repeated under renamed files to reach the count): the time from a
 * save of one spec (a real row edit) to all its files written, against a
 * one-shot `generate --specs that-one-file` and a parse of that spec,
 * measured in the same run. Goal (issue 9): under 150 ms from save to files written.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../generator/generate.js';
import { parseSpecText } from '../generator/parse.js';
import { GenerateWatcher, type WatchRun } from '../generator/watch/watch-generate.js';
import { fillSpecsFolder, repoRoot, requireCorpus } from './corpus-folder.js';

const COUNT = 1152;
/** The watcher's default. */
const DEBOUNCE_MS = 50;
const SAVES = Number(process.env.BENCH_SAVES ?? 40);
/** Pause between saves: longer than the watcher's idle cache write (1 s), as between a person's saves. */
const PAUSE_MS = 1200;
requireCorpus('bench:watch');
const work = join(repoRoot, '.cache', 'bench-watch');
const specs = join(work, 'specs');
const out = join(work, 'generated');
const predicates = join(work, 'predicates');
rmSync(work, { recursive: true, force: true });
// copy-1/x.rst, copy-2/x-2.rst, ...: the same documents again under other names (a slug is a file name), until there are COUNT.
fillSpecsFolder(specs, COUNT, 'unique-names');

// The spec saved: the seed's copy; each save adds another real row to its last flow's property table.
const target = join(specs, 'copy-1', 'invoiced-crmoffice.rst');
const original = readFileSync(target, 'utf8').trimEnd();
const withRow = (i: number) => `${original}\n   * - email${i}\n     - emailAddress${i}\n     - "string"\n`;
const flowFile = join(out, 'invoiced-crmoffice', 'invoiced-contacts-to-crmoffice-contacts.ts');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

let t = performance.now();
const watcher = new GenerateWatcher({ load: async () => ({ specs, out, predicates, root: work, templates: null, config: null }), debounceMs: DEBOUNCE_MS });
let lastRun: WatchRun | undefined;
let waiting: ((run: WatchRun) => void) | undefined;
watcher.on('run', (run) => {
  lastRun = run;
  waiting?.(run);
});
await watcher.start();
const start = { ms: performance.now() - t, run: lastRun! };
if (start.run.result === null) throw new Error(`bench:watch: the first run failed: ${start.run.problem?.message}`);

const totals: number[] = [];
const runs: number[] = [];
/** CPU time (user + system) of this process from the save to the files written: steadier than wall time on a shared machine. */
const cpus: number[] = [];
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (let i = 0; i < SAVES; i++) {
  await sleep(PAUSE_MS);
  const done = new Promise<WatchRun>((resolve) => (waiting = resolve));
  t = performance.now();
  const c = cpuNow();
  writeFileSync(target, withRow(i));
  const run = await done;
  const total = performance.now() - t;
  cpus.push(cpuNow() - c);
  waiting = undefined;
  if (run.result === null) throw new Error(`bench:watch: a run failed: ${run.problem?.message}`);
  // Written means on disk: the new row is in the flow's module.
  if (!readFileSync(flowFile, 'utf8').includes(`emailAddress${i}`)) throw new Error('bench:watch: the run ended without the new row on disk');
  if (run.result.written.length !== 3) throw new Error(`bench:watch: expected 3 files written, got ${run.result.written.join(', ')}`);
  totals.push(total);
  runs.push(run.ms);
}
await watcher.close();

// Baselines, same run, same spec and output folder: one-shot generate of that one spec file (in process, warm), and its parse.
const oneShot: number[] = [];
const oneShotCpu: number[] = [];
const parse: number[] = [];
for (let i = 0; i < Math.min(SAVES, 15); i++) {
  writeFileSync(target, withRow(1000 + i));
  t = performance.now();
  const c = cpuNow();
  await generate({ specs: target, out, predicates, root: work });
  oneShot.push(performance.now() - t);
  oneShotCpu.push(cpuNow() - c);
  const bytes = readFileSync(target);
  t = performance.now();
  parseSpecText(target, bytes);
  parse.push(performance.now() - t);
}
writeFileSync(target, `${original}\n`);

const fmt = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`;
const m = median(totals);
console.log(`specs folder: ${COUNT} documents; ${SAVES} saves of ${target.slice(work.length + 1)} (one row added each time, 3 files written)`);
console.log(`watch start (first full generate + watching), once  ${fmt(start.ms)}   (${start.run.result.written.length} files written)`);
console.log(`save -> files written: median                       ${fmt(m)}   goal < 150 ms`);
console.log(`save -> files written: p95                          ${fmt(p95(totals))}`);
console.log(`  of which the regeneration itself (median)         ${fmt(median(runs))}   (the rest: the file event and the ${DEBOUNCE_MS} ms debounce)`);
console.log(`save -> files written: CPU time, median            ${fmt(median(cpus))}   (this process, user + system)`);
console.log(`baseline: one-shot generate of that spec (median)   ${fmt(median(oneShot))}   watch is ${(m / median(oneShot)).toFixed(2)}x of it (CPU: ${fmt(median(oneShotCpu))}, ${(median(cpus) / median(oneShotCpu)).toFixed(2)}x)`);
console.log(`baseline: parse of that spec (median)               ${fmt(median(parse))}   watch is ${(m / median(parse)).toFixed(2)}x of it`);
rmSync(work, { recursive: true, force: true });
