/**
 * How fast a large project's generated tests run in CI: the tests generated
 * from the 300 `latest/` corpus specs, run by vitest with its default settings
 * (isolated test files) against the same run with `--no-isolate`, in one
 * process each, in the same run. Goal (issue 9): defaults within 1.5x of
 * `--no-isolate`, and under 60 s on the project's 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../generator/generate.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const latest = join(root, '..', 'shared', 'corpus', 'latest');
if (!existsSync(latest)) {
  console.error(`bench:generated-tests: no corpus at ${latest}; skipped`);
  process.exit(0);
}

// Inside the project (under .cache/, gitignored) so `vitest` and `dataflow/runtime` resolve as in a user's project.
const work = join(root, '.cache', 'bench-generated-tests');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const files = readdirSync(latest)
  .filter((f) => f.endsWith('.rst'))
  .sort()
  .map((f) => join(latest, f));
const result = await generate({ specs: latest, out: join(work, 'generated'), find: async () => files });
const testFiles = countTests(join(work, 'generated'));

const up = relative(work, root).split('\\').join('/');
// The user's config in a fresh project: nothing but where its tests are and what `dataflow/runtime` is.
writeFileSync(
  join(work, 'vitest.config.ts'),
  [
    `import { fileURLToPath } from 'node:url';`,
    `import { defineConfig } from 'vitest/config';`,
    `export default defineConfig({`,
    `  resolve: { alias: { 'dataflow/runtime': fileURLToPath(new URL('${up}/runtime/index.ts', import.meta.url)) } },`,
    `  test: { include: ['generated/**/*.test.ts'] },`,
    `});`,
    ``,
  ].join('\n'),
);

function countTests(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countTests(join(dir, entry.name));
    else if (entry.name.endsWith('.test.ts')) n++;
  }
  return n;
}

function vitest(...args: string[]): { ms: number; tests: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', work, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    console.error(output.slice(-4000));
    throw new Error(`vitest ${args.join(' ')} exited ${run.status}`);
  }
  const tests = /Tests\s+(\d+ passed[^\n]*)/.exec(output)?.[1]?.trim() ?? '?';
  return { ms, tests };
}

// A warm-up run primes the OS file cache, so neither measured run pays for the first read of node_modules.
vitest('--no-isolate');
const noIsolate = vitest('--no-isolate');
const defaults = vitest();

const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
const ratio = defaults.ms / noIsolate.ms;
console.log(`generated tests of ${result.specs.length} latest/ corpus specs: ${testFiles} test files (${defaults.tests})`);
console.log(`vitest --no-isolate (baseline)   ${s(noIsolate.ms)}`);
console.log(`vitest defaults                  ${s(defaults.ms)}   ${ratio.toFixed(2)}x baseline (goal <= 1.5x, < 60 s)`);
rmSync(work, { recursive: true, force: true });
