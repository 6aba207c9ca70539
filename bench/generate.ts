/**
 * Generation speed on the 600 corpus documents, against parse-only time from
 * the same run. Goals (issue 3): cold generation within 2x of parse-only; one
 * changed document regenerated in under 0.5 s wall, Node start included
 * (measured through the built CLI, `node bin/dataflow.js generate`). Also the
 * cost of a template override (every file it shapes is parsed by TypeScript).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../generator/generate.js';
import { parseSpecText } from '../generator/parse.js';
import { corpusDir, repoRoot, requireCorpus } from './corpus-folder.js';
import { bestOf, bestOfAsync } from './timing.js';

requireCorpus('bench:generate');
const work = join(repoRoot, '.cache', 'bench-generate');
const specs = join(work, 'specs');
rmSync(work, { recursive: true, force: true });
// A private copy (under .cache/, never committed) so one document can be changed.
for (const folder of ['latest', 'history'])
  for (const f of readdirSync(join(corpusDir, folder)).filter((n) => n.endsWith('.rst'))) {
    mkdirSync(specs, { recursive: true });
    cpSync(join(corpusDir, folder, f), join(specs, f));
  }
const files = readdirSync(specs).sort().map((f) => join(specs, f));
const find = async () => files;

const parseOnly = bestOf(3, () => {
  for (const file of files) parseSpecText(file, readFileSync(file));
});

let out = 0;
const cold = await bestOfAsync(3, async () => {
  // A fresh output folder each time: nothing to skip. The predicates stubs go under .cache/ too, not into the repository's predicates/.
  await generate({ specs, out: join(work, `cold-${out++}`), predicates: join(work, 'predicates'), find });
});

// A template override makes generate parse every file it shapes with the TypeScript parser (broken code is refused):
// banner.hbs shapes every file, so this is the most it can cost.
const templates = join(work, 'templates');
mkdirSync(templates, { recursive: true });
writeFileSync(join(templates, 'banner.hbs'), `${readFileSync(join(repoRoot, 'templates', 'banner.hbs'), 'utf8')}// bench: an override\n`);
const coldOverride = await bestOfAsync(3, async () => {
  await generate({ specs, out: join(work, `cold-${out++}`), predicates: join(work, 'predicates'), find, templates });
});

function cli(...args: string[]): number {
  const t = performance.now();
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'dataflow.js'), ...args], { cwd: work, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (result.status !== 0 && result.status !== 1) throw new Error(`dataflow ${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

if (!existsSync(join(repoRoot, 'dist', 'generator', 'generate.js'))) {
  console.error('bench:generate: dist/ missing; run `npm run build` first');
  process.exit(2);
}
cli('generate', '--specs', 'specs', '--out', 'generated');
const nothing = Math.min(cli('generate', '--specs', 'specs', '--out', 'generated'), cli('generate', '--specs', 'specs', '--out', 'generated'));
const changed: number[] = [];
for (const name of ['hubspot-tripletex.rst', 'invoiced-crmoffice.rst', 'zendesk-superoffice.rst']) {
  const file = join(specs, name);
  if (!existsSync(file)) continue;
  appendFileSync(file, '\n');
  changed.push(cli('generate', '--specs', 'specs', '--out', 'generated'));
}
const node = bestOf(3, () => spawnSync(process.execPath, ['-e', '0']));
const one = changed.reduce((a, b) => Math.min(a, b), Infinity);

const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
console.log(`corpus: ${files.length} documents`);
console.log(`parse only (in process, best of 3)          ${fmt(parseOnly)}`);
console.log(`cold generate (in process, best of 3)       ${fmt(cold)}   ${(cold / parseOnly).toFixed(2)}x parse-only (goal <= 2x)`);
console.log(`cold generate, banner.hbs overridden       ${fmt(coldOverride)}   ${(coldOverride / cold).toFixed(2)}x cold generate (every file parsed by TypeScript)`);
console.log(`CLI generate, nothing changed (wall)        ${fmt(nothing)}`);
console.log(`CLI generate, one document changed (wall)   ${fmt(one)}   goal < 500 ms (node -e 0 alone: ${node.toFixed(0)} ms)`);
rmSync(work, { recursive: true, force: true });
