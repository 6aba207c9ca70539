import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GenerateWatcher, WatchRun } from '../../../generator/watch/watch-generate.js';
import { projectRoot, projectWithSpecs } from '../../fixtures/generate/project.js';

/** Called inside the first generateRun of the test, before it reads anything: a save made while the first run is going. */
const hooks: { duringFirstRun: (() => Promise<void>) | null; active: number; maxActive: number; calls: number } = {
  duringFirstRun: null,
  active: 0,
  maxActive: 0,
  calls: 0,
};

vi.mock('../../../generator/generate.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../generator/generate.js')>();
  const generateRun: typeof actual.generateRun = async (options, warm) => {
    hooks.calls++;
    hooks.active++;
    hooks.maxActive = Math.max(hooks.maxActive, hooks.active);
    try {
      const during = hooks.duringFirstRun;
      hooks.duringFirstRun = null;
      if (during !== null) await during();
      return await actual.generateRun(options, warm);
    } finally {
      hooks.active--;
    }
  };
  return { ...actual, generateRun };
});

const SEED = readFileSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), 'utf8');
const HUBSPOT = readFileSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), 'utf8');
const SEED_WITH_ROW = `${SEED.trimEnd()}\n   * - email\n     - emailAddress\n     - "string"\n`;

const open: GenerateWatcher[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

describe('generate --watch: a save during the first run', () => {
  it('waits for it, then runs warm: one spec saved is one rendered, never a second cold run beside the first', async () => {
    const dir = projectWithSpecs('watch-start-save', { 'invoiced-crmoffice.rst': SEED, 'hubspot-tripletex.rst': HUBSPOT });
    const { GenerateWatcher } = await import('../../../generator/watch/watch-generate.js');
    const watcher = new GenerateWatcher({
      load: async () => ({ specs: join(dir, 'specs'), out: join(dir, 'generated'), predicates: join(dir, 'predicates'), templates: null, config: null }),
      cwd: dir,
      debounceMs: 20,
    });
    open.push(watcher);
    const runs: WatchRun[] = [];
    watcher.on('run', (run) => runs.push(run));
    const order: string[] = [];
    watcher.on('run', (run) => order.push(`run:${run.cause}`));
    watcher.on('ready', () => order.push('ready'));
    const pending = () => (watcher['pending'] as { specs: Set<string> }).specs.size;
    hooks.duringFirstRun = async () => {
      // The watchers are ready (they start before the first run): the save is seen now, and its debounce passes.
      writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), SEED_WITH_ROW);
      await until(() => pending() > 0 || hooks.calls > 1, 20_000);
      await until(() => hooks.calls > 1, 500);
    };
    await watcher.start();
    await until(() => runs.length >= 2, 30_000);

    expect(hooks.maxActive).toBe(1);
    expect(order).toEqual(['run:start', 'ready', 'run:specs']);
    const [start, save] = runs as [WatchRun, WatchRun];
    // The first run read the saved file already (it was saved before the first run read it) ...
    expect(start.result!.specs.map((s) => [s.slug, s.rendered])).toEqual([
      ['hubspot-tripletex', true],
      ['invoiced-crmoffice', true],
    ]);
    // ... so the run for the save, warm, re-reads that one file only and finds nothing new to write.
    expect(save.changed).toEqual([join(dir, 'specs', 'invoiced-crmoffice.rst')]);
    expect(save.result!.specs.filter((s) => s.rendered).map((s) => s.slug)).toEqual([]);
    expect(save.result!.written).toEqual([]);

    // A save after that: warm as well, the one spec rendered.
    writeFileSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), SEED);
    await until(() => runs.length >= 3, 30_000);
    expect(runs[2]!.result!.specs.filter((s) => s.rendered).map((s) => s.slug)).toEqual(['invoiced-crmoffice']);
    expect(hooks.maxActive).toBe(1);
  });
});
