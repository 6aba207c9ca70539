/**
 * `dataflow docs` for a corpus of 1,152 documents (latest, history and the
 * seed, repeated under renamed folders to reach the count): the time to write
 * the site and its size, against parsing the same documents in the same run.
 * Each measure is the best of a few runs; parse time is the baseline ratio.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createCatalog } from '../generator/catalog/catalog.js';
import { loadSpecs } from '../generator/catalog/load-specs.js';
import { buildSite } from '../generator/docs/site.js';
import { writeSite } from '../generator/docs/write-site.js';
import { lintCatalog } from '../generator/lint/lint.js';
import { corpusSources, fillSpecsFolder, repoRoot, requireCorpus } from './corpus-folder.js';

const COUNT = 1152;
const RUNS = 3;
requireCorpus('bench:docs');
const work = join(repoRoot, '.cache', 'bench-docs');
const specs = join(work, 'specs');
rmSync(work, { recursive: true, force: true });
// copy-1/latest/x.rst, copy-1/history/..., copy-2/...: the same documents again under other paths, until there are COUNT.
fillSpecsFolder(specs, COUNT, 'corpus-folders');

/** Best wall time and best CPU time (user + system) of RUNS runs: CPU time is steadier on a shared machine. */
const cpu = { parse: Infinity, docs: Infinity };
async function best(run: () => Promise<unknown>, which: 'parse' | 'docs'): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await run();
    const used = process.cpuUsage(c);
    cpu[which] = Math.min(cpu[which], (used.user + used.system) / 1000);
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const parse = await best(() => loadSpecs([specs], specs), 'parse');
const phases = { parse: 0, catalog: 0, lint: 0, render: 0, write: 0 };
let files = new Map<string, string>();
let n = 0;
const total = await best(async () => {
  const t0 = performance.now();
  const loaded = await loadSpecs([specs], specs);
  const t1 = performance.now();
  const catalog = createCatalog(loaded);
  const t2 = performance.now();
  const findings = lintCatalog(catalog);
  const t3 = performance.now();
  files = buildSite({ catalog, findings });
  const t4 = performance.now();
  await writeSite(join(work, `site-${n++ % 2}`), files);
  const t5 = performance.now();
  // The phases of the fastest run.
  if (phases.parse === 0 || t5 - t0 < Object.values(phases).reduce((a, b) => a + b, 0)) {
    Object.assign(phases, { parse: t1 - t0, catalog: t2 - t1, lint: t3 - t2, render: t4 - t3, write: t5 - t4 });
  }
}, 'docs');

function folderSize(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    bytes += entry.isDirectory() ? folderSize(path) : statSync(path).size;
  }
  return bytes;
}
const site = join(work, `site-${(n - 1) % 2}`);
const bytes = folderSize(site);
const pages = [...files.keys()].filter((p) => p.endsWith('.html')).length;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const ms = (t: number) => `${(t / 1000).toFixed(2)} s`;
const largest = [...files.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;

console.log(`bench:docs: ${COUNT} documents (${corpusSources().length} distinct), best of ${RUNS}`);
console.log(`  parse only (baseline)  ${ms(parse)} wall, ${ms(cpu.parse)} CPU`);
console.log(`  dataflow docs          ${ms(total)} wall, ${ms(cpu.docs)} CPU  = ${(total / parse).toFixed(2)}x parse wall, ${(cpu.docs / cpu.parse).toFixed(2)}x parse CPU`);
console.log(
  `    wall, fastest run: parse ${ms(phases.parse)}, catalog ${ms(phases.catalog)}, lint ${ms(phases.lint)}, render ${ms(phases.render)}, write ${ms(phases.write)}`,
);
console.log(`  site: ${files.size + 1} files (${pages} pages), ${mb(bytes)}; largest ${largest[0]} ${mb(Buffer.byteLength(largest[1]))}`);
rmSync(work, { recursive: true, force: true });
