/**
 * dataflow as a user gets it: the project packed with `npm pack`, the tarball
 * installed with production dependencies only into a new project with its own
 * strict tsconfig, then used as the README says (init, generate real corpus
 * specs, tsc, the generated tests, the API from TypeScript, the CI recipe),
 * and a real spec update that drops a flow with a predicate failing `check`
 * with the predicate named; lint, a sync and its coverage, and the docs site
 * (loaded in Chromium from file:// when it is there). Offline: every package
 * comes from the npm cache.
 * Slow (the install compiles better-sqlite3), so it is one test.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../fixtures/generate/project.js';
import { hasChromium, keepScreenshot, launchBrowser, openPage, requireChromium } from '../docs/browser.js';

const corpus = join(projectRoot, '..', 'shared', 'corpus');
const OLD_SPEC = join(corpus, 'history', 'superoffice-salesforce@2024-09-09@59316ec197ac.rst');
const NEW_SPEC = join(corpus, 'history', 'superoffice-salesforce@2024-09-24@b69feddbbd33.rst');
const OTHER_SPEC = join(corpus, 'latest', 'invoiced-crmoffice.rst');
const DROPPED = 'shouldCreateSuperofficeQuotealternativeToSalesforceOrder';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cwd: string, command: string, args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env },
    maxBuffer: 1 << 28,
  });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs and expects exit 0, showing the output when it is not. */
function ok(cwd: string, command: string, args: string[], env: Record<string, string> = {}): Run {
  const result = run(cwd, command, args, env);
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

function version(name: string): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function sizeOf(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** The `run:` commands of the workflow init wrote, in order. */
function workflowCommands(text: string): string[] {
  return [...text.matchAll(/^\s+(?:- )?run: (.+)$/gm)].map((m) => m[1]!.trim());
}

describe('the packed package, installed with --omit=dev', () => {
  it('sets up, generates, lints, syncs, writes docs, type-checks, tests, imports and catches a dropped predicate in a new strict project', async () => {
    const work = mkdtempSync(join(tmpdir(), 'dataflow-pack-'));
    try {
      // 1. Pack (dist/ was built by `npm test`'s pretest; rebuilding here would pull it from under other tests).
      const packed = ok(projectRoot, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
      const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
      const shipped = info.files.map((f) => f.path);
      expect(shipped).toContain('LICENSE');
      expect(shipped).toContain('README.md');
      expect(shipped).toContain('dist/generator/index.d.ts');
      expect(shipped).toContain('dist/runtime/sync/index.d.ts');
      expect(shipped.filter((p) => p.startsWith('tests/') || p.startsWith('generated/') || p.startsWith('bench/') || p.endsWith('.test.js'))).toEqual([]);

      // 2. A new project with its own strict tsconfig; the tarball with production dependencies only, from the cache.
      const app = join(work, 'app');
      mkdirSync(app);
      writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'crm-sync', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
      const tsconfig = {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noUnusedLocals: true,
          skipLibCheck: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['generated', 'predicates', 'dataflow.config.ts', 'usage.test.ts'],
      };
      writeFileSync(join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
      const offline = ['--prefer-offline', '--no-audit', '--no-fund'];
      // As the README says: the tarball inside the project (vendor/), so the lock names a path a fresh clone (CI's npm ci) has.
      mkdirSync(join(app, 'vendor'));
      copyFileSync(join(work, info.filename), join(app, 'vendor', info.filename));
      ok(app, 'npm', ['install', '--omit=dev', ...offline, `./vendor/${info.filename}`]);
      expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies).toEqual({ dataflow: `file:vendor/${info.filename}` });
      expect(readFileSync(join(app, 'package-lock.json'), 'utf8')).toContain(`"resolved": "file:vendor/${info.filename}"`);
      const modules = join(app, 'node_modules');
      const installed = readdirSync(modules).flatMap((n) => (n.startsWith('@') ? readdirSync(join(modules, n)).map((m) => `${n}/${m}`) : n.startsWith('.') ? [] : [n]));
      console.log(`installed with --omit=dev: ${installed.length} packages, ${(sizeOf(modules) / 1e6).toFixed(1)} MB`);
      // What only the development of dataflow needs stays out; what generate needs is in.
      for (const name of ['vitest', 'typescript', 'playwright-core', 'power-assert', 'restructured']) expect(installed).not.toContain(name);
      expect(installed).toContain('ts-morph');

      // 3. init, with the user's tsconfig kept.
      const init = ok(app, 'npx', ['dataflow', 'init']);
      expect(init.stderr).toContain('init: kept    tsconfig.json');
      expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).scripts).toMatchObject({ generate: 'dataflow generate', check: 'dataflow check', test: 'vitest run' });
      // The tools a user adds to run the generated tests and tsc (the versions this repo uses, so the cache has them).
      ok(app, 'npm', ['install', '--save-dev', ...offline, `typescript@${version('typescript')}`, `vitest@${version('vitest')}`, `@types/node@${version('@types/node')}`]);

      // 4. Real corpus specs, one with creation predicates.
      copyFileSync(OLD_SPEC, join(app, 'specs', 'superoffice-salesforce.rst'));
      copyFileSync(OTHER_SPEC, join(app, 'specs', 'invoiced-crmoffice.rst'));
      const generated = ok(app, 'npm', ['run', 'generate']);
      expect(generated.stderr).toContain(`predicates/superoffice-salesforce.ts: created for`);
      const predicates = join(app, 'predicates', 'superoffice-salesforce.ts');
      expect(readFileSync(predicates, 'utf8')).toContain(`export const ${DROPPED}:`);
      // generate --watch from the installed package (chokidar is a production dependency): ready, a save, Ctrl-C.
      const watched = ok(app, 'sh', [
        '-c',
        [
          './node_modules/.bin/dataflow generate --watch 2> watch.log & pid=$!',
          'wait_for() { i=0; until grep -q "$1" watch.log; do sleep 0.2; i=$((i+1)); if [ $i -gt 600 ]; then cat watch.log; kill $pid; exit 9; fi; done; }',
          "wait_for 'watch: watching 2 specs'",
          'cat specs/invoiced-crmoffice.rst > specs/invoiced-crmoffice.rst.tmp && mv specs/invoiced-crmoffice.rst.tmp specs/invoiced-crmoffice.rst',
          "wait_for '^watch: specs/invoiced-crmoffice.rst: '",
          'kill -INT $pid; wait $pid; status=$?; cat watch.log; rm watch.log; exit $status',
        ].join('\n'),
      ]);
      expect(watched.stdout).toMatch(/^watch: specs\/invoiced-crmoffice\.rst: 2 specs \(\d rendered, \d unchanged\), 0 files written, 0 removed in \d+ ms$/m);
      expect(watched.stdout).toContain('watch: stopped');
      expect(existsSync(join(app, 'generated', 'superoffice-salesforce', 'predicates.ts'))).toBe(false);
      // The user writes the predicate (its record type comes from the generated module).
      // With its only stub written, the stub's `notWritten` import goes too (the tsconfig has noUnusedLocals).
      const written = readFileSync(predicates, 'utf8')
        .replace(new RegExp(`(export const ${DROPPED}: [^=]+)= notWritten;`), '$1= (record) => Object.keys(record).length > 0;')
        .replace("import { notWritten } from 'dataflow/runtime';\n", '');
      expect(written).not.toContain('notWritten;');
      writeFileSync(predicates, written);

      // 4b. lint, a sync (empty data folders) with its coverage checklist, and the docs site with that coverage.
      const linted = ok(app, 'npx', ['dataflow', 'lint']);
      expect(linted.stderr).toMatch(/^specs\/invoiced-crmoffice\.rst:12:1: warning: flow "Invoiced Customers \(human data\) to CRMOffice Contacts" has no property rows, so it syncs nothing \[empty-flow\]$/m);
      expect(linted.stderr).toMatch(/^lint: 2 specs, 0 errors, \d+ warnings?$/m);
      const state = join(work, 'state.db');
      for (const side of ['left', 'right']) mkdirSync(join(work, side));
      const synced = ok(app, 'npx', ['dataflow', 'sync', 'invoiced-crmoffice', '--left', join(work, 'left'), '--right', join(work, 'right'), '--state', state]);
      expect((JSON.parse(synced.stdout) as { flows: unknown[] }).flows.length).toBeGreaterThan(0);
      const coverage = ok(app, 'npx', ['dataflow', 'coverage', 'invoiced-crmoffice', '--state', state]);
      expect(coverage.stdout).toMatch(/^Invoiced Contacts to CRMOffice Contacts \(line \d+, flow invoiced-contacts-to-crmoffice-contacts\): 1 run, 0 of \d+ rows? exercised$/m);
      const docs = ok(app, 'npx', ['dataflow', 'docs', '--state', state]);
      expect(docs.stderr).toMatch(/docs: 2 specs, 13 flows, \d+ lint findings? -> docs-site\/index\.html/);
      const site = join(app, 'docs-site');
      for (const file of ['index.html', 'findings.html', 'assets/site.css', 'assets/site.js', 'assets/search-index.js', 'specs/invoiced-crmoffice.html', 'specs/superoffice-salesforce.html']) {
        expect(existsSync(join(site, file)), file).toBe(true);
      }
      const siteIndex = readFileSync(join(site, 'index.html'), 'utf8');
      // Opens from file://: every reference relative, none to a server or the root.
      const references = [...siteIndex.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
      expect(references).toContain('assets/site.css');
      expect(references.filter((r) => /^(?:\/|[a-z]+:)/i.test(r))).toEqual([]);
      expect(readFileSync(join(site, 'specs', 'invoiced-crmoffice.html'), 'utf8')).toContain('coverage from 1 sync run');
      if (hasChromium || requireChromium) {
        const browser = await launchBrowser();
        try {
          const { page, problems } = await openPage(browser);
          await page.goto(pathToFileURL(join(site, 'index.html')).href);
          await page.locator('svg').first().waitFor({ state: 'visible' });
          expect(keepScreenshot('installed-index.png', await page.screenshot())).toBeGreaterThan(10);
          await page.goto(pathToFileURL(join(site, 'specs', 'invoiced-crmoffice.html')).href);
          expect(await page.title()).toContain('Invoiced');
          expect(problems).toEqual([]);
        } finally {
          await browser.close();
        }
      }
      rmSync(site, { recursive: true });

      // 5. The API and the sync engine from TypeScript, as a test of the user's (type-checked by tsc, run by vitest).
      writeFileSync(
        join(app, 'usage.test.ts'),
        [
          `import { expect, it } from 'vitest';`,
          `import { check, defineConfig, loadConfig, parse, type DataflowConfig } from 'dataflow';`,
          `import { createMemoryAdapter, openStateStore, runSync, type AnyFlow } from 'dataflow/sync';`,
          `import { flows } from './generated/invoiced-crmoffice/index.js';`,
          ``,
          `const config: DataflowConfig = defineConfig({ specs: 'specs', format: 'json', fields: { 'superoffice-salesforce': { 'SuperOffice Person': { 'Emails.Description': 'string' } } } });`,
          ``,
          `it('uses the programmatic API and the sync engine', async () => {`,
          `  expect(config.format).toBe('json');`,
          `  const resolved = await loadConfig();`,
          `  expect(resolved.file?.endsWith('dataflow.config.ts')).toBe(true);`,
          `  const doc = await parse('specs/superoffice-salesforce.rst');`,
          `  expect(doc.flows.length).toBe(10);`,
          `  expect((await check({ specs: resolved.specs, out: resolved.out, predicates: resolved.predicates, cwd: resolved.root })).stale).toEqual([]);`,
          `  const store = openStateStore(':memory:');`,
          `  const report = await runSync(flows as readonly AnyFlow[], { left: createMemoryAdapter(), right: createMemoryAdapter(), store, scope: 'invoiced-crmoffice' });`,
          `  store.close();`,
          `  expect(report.flows.length).toBe(flows.length);`,
          `}, 120_000);`,
          ``,
        ].join('\n'),
      );

      // 6. The CI recipe: every command of the workflow init wrote (npm ci aside: the install above stands for it).
      ok(app, 'git', ['init', '-q', '-b', 'main']);
      ok(app, 'git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'empty']);
      ok(app, 'git', ['add', '-A']);
      ok(app, 'git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '-m', 'dataflow']);
      ok(app, 'git', ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
      // What CI's npm ci installs dataflow from is in the repository.
      expect(ok(app, 'git', ['ls-files', 'vendor', 'package-lock.json']).stdout.split('\n').filter(Boolean)).toEqual(['package-lock.json', `vendor/${info.filename}`]);
      const commands = workflowCommands(readFileSync(join(app, '.github', 'workflows', 'dataflow.yml'), 'utf8'));
      expect(commands).toEqual([
        'npm ci',
        'npx dataflow check --format github',
        'npx dataflow diff --against "origin/$GITHUB_BASE_REF" --format github',
        'npx tsc -p tsconfig.json',
        'npm test',
      ]);
      const ci = { CI: 'true', GITHUB_BASE_REF: 'main' };
      for (const command of commands.slice(1)) {
        const result = ok(app, 'sh', ['-c', command], ci);
        if (command === 'npm test') expect(`${result.stdout}${result.stderr}`).toMatch(/Test Files\s+\d+ passed/);
      }

      // 7. The spec's next real version drops the flow with the written predicate.
      copyFileSync(NEW_SPEC, join(app, 'specs', 'superoffice-salesforce.rst'));
      const review = run(app, 'sh', ['-c', commands[2]!], ci);
      expect(review.stdout).toMatch(/::error file=specs\/superoffice-salesforce\.rst[^:]*::superoffice-salesforce\.rst: SuperOffice Quotealternative to Salesforce Order: flow removed/);
      expect(review.status).toBe(1);
      const regenerated = ok(app, 'npx', ['dataflow', 'generate']);
      expect(regenerated.stderr).toMatch(new RegExp(`predicates/superoffice-salesforce\\.ts:\\d+:14: warning: no flow of the spec needs ${DROPPED} any more`));
      const checked = run(app, 'npx', ['dataflow', 'check']);
      expect(checked.stdout).toMatch(new RegExp(`^orphaned predicate: predicates/superoffice-salesforce\\.ts:\\d+:14: no flow of the spec needs ${DROPPED} any more`, 'm'));
      expect(checked.status).toBe(1);
      const annotated = run(app, 'sh', ['-c', commands[1]!], ci);
      expect(annotated.stdout).toMatch(new RegExp(`^::error file=predicates/superoffice-salesforce\\.ts,line=\\d+,col=14,title=dataflow check%3A orphaned-predicate::.*${DROPPED}`, 'm'));
      expect(annotated.status).toBe(1);
      // What check said is why tsc now fails: the predicate imports the type of a module that is gone.
      const types = run(app, 'npx', ['tsc', '-p', 'tsconfig.json']);
      expect(types.stdout).toContain('predicates/superoffice-salesforce.ts');
      expect(types.status).not.toBe(0);

      // 8. A template override from the installed package: eject a built-in, edit it, check says stale, generate applies it;
      //    an override that renders broken code is refused (the TypeScript parser ts-morph brings) and nothing is written.
      ok(app, 'npx', ['dataflow', 'templates', 'eject', 'banner']);
      writeFileSync(join(app, 'templates', 'banner.hbs'), `${readFileSync(join(app, 'templates', 'banner.hbs'), 'utf8')}// crm-sync: reviewed code\n`);
      expect(run(app, 'npx', ['dataflow', 'check', '--templates', 'templates']).stdout).toContain('stale: generated/invoiced-crmoffice/index.ts\n');
      ok(app, 'npx', ['dataflow', 'generate', '--templates', 'templates']);
      const index = readFileSync(join(app, 'generated', 'invoiced-crmoffice', 'index.ts'), 'utf8');
      expect(index).toContain('// crm-sync: reviewed code\n');
      writeFileSync(join(app, 'templates', 'banner.hbs'), 'export const = ;\n');
      const broken = run(app, 'npx', ['dataflow', 'generate', '--templates', 'templates']);
      expect(broken.stderr).toMatch(/^templates\/banner\.hbs:1:1: error: your template override banner\.hbs renders generated\/.+ as code that is not valid TypeScript/m);
      expect(broken.status).toBe(2);
      expect(readFileSync(join(app, 'generated', 'invoiced-crmoffice', 'index.ts'), 'utf8')).toBe(index);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 1_800_000);
});
