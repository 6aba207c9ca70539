import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { changedFiles, fileTree } from '../fixtures/generate/file-tree.js';
import { projectRoot, projectWithSpecs } from '../fixtures/generate/project.js';

const SEED = readFileSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), 'utf8');
const HUBSPOT = readFileSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), 'utf8');
const REVERSE = readFileSync(join(projectRoot, 'specs', 'crmoffice-invoiced.rst'), 'utf8');
/** One row more in the seed's last flow's property table. */
const SEED_WITH_ROW = `${SEED.trimEnd()}\n   * - email\n     - emailAddress\n     - "string"\n`;

/** Generous: the machine is shared and slow; no test asserts how long anything takes. */
const WAIT_MS = 45_000;

interface Watch {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

const running: Watch[] = [];

afterEach(() => {
  for (const w of running.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

/** `dataflow generate --watch ...` in `cwd`, once it says it is watching. */
async function watch(cwd: string, ...args: string[]): Promise<Watch> {
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'dataflow.js'), 'generate', '--watch', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const w: Watch = { child, stderr: () => stderr, stdout: () => stdout, exited };
  running.push(w);
  await until(() => /watch: watching \d+ specs?/.test(stderr), () => `no ready line; stderr:\n${stderr}`);
  return w;
}

/** Polls until `done` holds (or fails the test with `why` after WAIT_MS). */
async function until(done: () => boolean, why: () => string): Promise<void> {
  const end = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out: ${why()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the n-th `watch:` summary line (after the ready line), and returns it. */
async function nthRun(w: Watch, n: number): Promise<string> {
  const lines = () => w.stderr().split('\n').filter((l) => /^watch: (?!watching|stopped)/.test(l) && !/config not reloaded/.test(l) && !/^watch: \S+: (not valid|syntax)/.test(l));
  const summaries = () => lines().filter((l) => / in \d+ ms|still watching/.test(l));
  await until(() => summaries().length >= n, () => `no run ${n}; stderr:\n${w.stderr()}`);
  return summaries()[n - 1]!;
}

async function stop(w: Watch, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  w.child.kill(signal);
  return w.exited;
}

describe('generate --watch', () => {
  it('a saved row rewrites only its flow\'s files; a new spec generates; a deleted one is removed as generate removes it; SIGINT exits 0', async () => {
    const dir = projectWithSpecs('watch-edit', { 'invoiced-crmoffice.rst': SEED, 'hubspot-tripletex.rst': HUBSPOT });
    const w = await watch(dir);
    expect(w.stderr()).toMatch(/^generate: 2 specs \(2 rendered, 0 unchanged\), \d+ files? written, 0 removed in \d+ ms$/m);
    expect(w.stderr()).toContain('watch: watching 2 specs in specs (Ctrl-C stops)');
    const before = fileTree(join(dir, 'generated'));
    expect(before.has('invoiced-crmoffice/index.ts')).toBe(true);

    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), SEED_WITH_ROW);
    const edit = await nthRun(w, 1);
    expect(edit).toMatch(/^watch: specs\/invoiced-crmoffice\.rst: 2 specs \(1 rendered, 1 unchanged\), 3 files written, 0 removed in \d+ ms$/);
    const afterEdit = fileTree(join(dir, 'generated'));
    expect(changedFiles(before, afterEdit)).toEqual(['invoiced-crmoffice/invoiced-contacts-to-crmoffice-contacts.ts', 'invoiced-crmoffice/tests.ts', 'manifest.json']);
    expect(afterEdit.get('invoiced-crmoffice/invoiced-contacts-to-crmoffice-contacts.ts')).toContain('emailAddress');

    writeFileSync(join(dir, 'specs', 'crmoffice-invoiced.rst'), REVERSE);
    expect(await nthRun(w, 2)).toMatch(/^watch: specs\/crmoffice-invoiced\.rst: 3 specs \(1 rendered, 2 unchanged\)/);
    expect(existsSync(join(dir, 'generated', 'crmoffice-invoiced', 'index.ts'))).toBe(true);

    unlinkSync(join(dir, 'specs', 'hubspot-tripletex.rst'));
    const removal = await nthRun(w, 3);
    expect(removal).toMatch(/^watch: specs\/hubspot-tripletex\.rst \(deleted\): 2 specs \(0 rendered, 2 unchanged\), \d+ files? written, [1-9]\d* removed in \d+ ms$/);
    expect(existsSync(join(dir, 'generated', 'hubspot-tripletex'))).toBe(false);
    // The deleted spec's predicates file held only the stubs generate wrote: it goes with the spec, as generate removes it.
    expect(w.stderr()).toContain('predicates/hubspot-tripletex.ts: removed: it held only the stubs generate wrote, untouched, and no flow needs them (its spec is gone)');
    expect(existsSync(join(dir, 'predicates', 'hubspot-tripletex.ts'))).toBe(false);

    expect(await stop(w)).toBe(0);
    expect(w.stderr()).toMatch(/watch: stopped\n$/);
    // What watching left is exactly what one `dataflow generate` makes of the same specs (and check agrees).
    const fresh = projectWithSpecs('watch-edit-fresh', { 'invoiced-crmoffice.rst': SEED_WITH_ROW, 'crmoffice-invoiced.rst': REVERSE });
    expect(dataflow(fresh, 'generate').status).toBe(0);
    expect(fileTree(join(dir, 'generated'))).toEqual(fileTree(join(fresh, 'generated')));
    // check agrees.
    expect(dataflow(dir, 'check').stderr).toContain('is up to date with 2 specs');
    expect(readdirSync(join(dir, 'generated')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a spec with errors prints file:line:column and keeps its previous output; an emptied folder removes nothing; SIGTERM exits 0', async () => {
    const dir = projectWithSpecs('watch-broken', { 'invoiced-crmoffice.rst': SEED, 'hubspot-tripletex.rst': HUBSPOT });
    const w = await watch(dir);
    const before = fileTree(join(dir, 'generated'));

    // A row typed half-way: two cells of three.
    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), `${SEED.trimEnd()}\n   * - email\n     - emailAddress\n`);
    const broken = await nthRun(w, 1);
    expect(broken).toContain('specs/invoiced-crmoffice.rst has errors: nothing generated from it, the previous output stays');
    expect(broken).toContain('0 files written, 0 removed');
    expect(w.stderr()).toMatch(/^specs\/invoiced-crmoffice\.rst:\d+:4: error: property table row has 2 cells, expected 3; .+ \[table-columns\]$/m);
    expect(w.stderr()).not.toMatch(/\n\s+at /);
    expect(fileTree(join(dir, 'generated'))).toEqual(before);

    // Fixed: generated from again.
    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), SEED_WITH_ROW);
    expect(await nthRun(w, 2)).toMatch(/specs\/invoiced-crmoffice\.rst: 2 specs \(1 rendered, 1 unchanged\), 3 files written/);
    const fixed = fileTree(join(dir, 'generated'));

    rmSync(join(dir, 'specs', 'invoiced-crmoffice.rst'));
    rmSync(join(dir, 'specs', 'hubspot-tripletex.rst'));
    const empty = await nthRun(w, 3);
    expect(empty).toContain('no spec (*.rst, *.md) in specs; nothing generated, nothing removed; still watching');
    expect(fileTree(join(dir, 'generated'))).toEqual(fixed);

    // Watching goes on: a spec saved into the empty folder generates, and what is gone is removed then.
    writeFileSync(join(dir, 'specs', 'hubspot-tripletex.rst'), HUBSPOT);
    expect(await nthRun(w, 4)).toMatch(/1 spec \(0 rendered, 1 unchanged\), \d+ files? written, [1-9]\d* removed/);
    expect(existsSync(join(dir, 'generated', 'invoiced-crmoffice'))).toBe(false);
    expect(existsSync(join(dir, 'generated', 'hubspot-tripletex', 'index.ts'))).toBe(true);
    expect(await stop(w, 'SIGTERM')).toBe(0);
  });

  it('with --config: a saved config is reloaded (a new output folder is generated); a broken one is reported and watching goes on with the old', async () => {
    const dir = projectWithSpecs('watch-config', { 'invoiced-crmoffice.rst': SEED });
    mkdirSync(join(dir, 'conf'));
    mkdirSync(join(dir, 'conf', 'templates'));
    const config = join(dir, 'conf', 'dataflow.json');
    writeFileSync(config, JSON.stringify({ specs: '../specs', out: '../out-a', predicates: '../predicates', templates: 'templates' }));
    const w = await watch(dir, '--config', 'conf/dataflow.json');
    expect(w.stderr()).toContain('watch: watching 1 spec in specs and conf/dataflow.json, conf/templates (Ctrl-C stops)');
    expect(existsSync(join(dir, 'out-a', 'invoiced-crmoffice', 'index.ts'))).toBe(true);

    writeFileSync(config, JSON.stringify({ specs: '../specs', out: '../out-b', predicates: '../predicates', templates: 'templates' }));
    expect(await nthRun(w, 1)).toMatch(/^watch: config reloaded: 1 spec \(1 rendered, 0 unchanged\), \d+ files? written, 0 removed in \d+ ms$/);
    expect(fileTree(join(dir, 'out-b'))).toEqual(fileTree(join(dir, 'out-a')));

    writeFileSync(config, '{ "specs": ');
    await until(() => w.stderr().includes('config not reloaded; still watching with the previous one'), () => w.stderr());
    expect(w.stderr()).toMatch(/conf\/dataflow\.json(:\d+:\d+)?: not valid JSON/);
    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), SEED_WITH_ROW);
    expect(await nthRun(w, 2)).toMatch(/^watch: specs\/invoiced-crmoffice\.rst: .*3 files written/);
    expect(readFileSync(join(dir, 'out-b', 'invoiced-crmoffice', 'invoiced-contacts-to-crmoffice-contacts.ts'), 'utf8')).toContain('emailAddress');
    expect(readFileSync(join(dir, 'out-a', 'invoiced-crmoffice', 'invoiced-contacts-to-crmoffice-contacts.ts'), 'utf8')).not.toContain('emailAddress');

    // An override saved in the config's templates folder renders every spec again with it.
    const banner = readFileSync(join(projectRoot, 'templates', 'banner.hbs'), 'utf8');
    writeFileSync(join(dir, 'conf', 'templates', 'banner.hbs'), `${banner}// Reviewed by the integration team.\n`);
    expect(await nthRun(w, 3)).toMatch(/^watch: templates changed: 1 spec \(1 rendered, 0 unchanged\), [1-9]\d* files written, 0 removed/);
    expect(readFileSync(join(dir, 'out-b', 'invoiced-crmoffice', 'index.ts'), 'utf8')).toContain('// Reviewed by the integration team.');
    // One that does not compile is reported at its line and column; the output stays, watching goes on.
    writeFileSync(join(dir, 'conf', 'templates', 'banner.hbs'), '{{#each banner}}\n{{{this}}}\n');
    expect(await nthRun(w, 4)).toMatch(/^watch: templates changed: conf\/templates\/banner\.hbs:\d+:\d+: .+; still watching$/);
    expect(readFileSync(join(dir, 'out-b', 'invoiced-crmoffice', 'index.ts'), 'utf8')).toContain('// Reviewed by the integration team.');
    rmSync(join(dir, 'conf', 'templates', 'banner.hbs'));
    expect(await nthRun(w, 5)).toMatch(/^watch: templates changed: 1 spec \(1 rendered, 0 unchanged\), [1-9]\d* files written/);
    expect(readFileSync(join(dir, 'out-b', 'invoiced-crmoffice', 'index.ts'), 'utf8')).not.toContain('Reviewed by');
    expect(await stop(w)).toBe(0);
  });

  it('--format json prints one JSON line per run on stdout', async () => {
    const dir = projectWithSpecs('watch-json', { 'invoiced-crmoffice.rst': SEED });
    const w = await watch(dir, '--format', 'json');
    cpSync(join(projectRoot, 'specs', 'crmoffice-invoiced.rst'), join(dir, 'specs', 'crmoffice-invoiced.rst'));
    await nthRun(w, 1);
    expect(await stop(w)).toBe(0);
    const lines = w.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ cause: 'start', changed: [], specs: [{ file: 'specs/invoiced-crmoffice.rst', slug: 'invoiced-crmoffice', rendered: true }] });
    expect(lines[1]).toMatchObject({ cause: 'specs', changed: ['specs/crmoffice-invoiced.rst'], removed: [] });
    expect(lines[1]!.written).toContain('generated/crmoffice-invoiced/index.ts');
  });
});
