/**
 * A renamed spec file whose flows `diff` recognises: sync carries the state
 * over by itself, and the coverage counts go with it, also those of a flow
 * that linked nothing (it holds counts and no links).
 */
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../runtime/sync/index.js';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

interface Checklist {
  synced: boolean;
  flows: { id: string; runs: number; decisions: Record<string, number>; merge: { linked: number }[]; rows: { toTarget: number; toSource: number }[] }[];
}

describe('sync of a renamed spec file', () => {
  it('carries the coverage counts over with the links, for every flow', () => {
    // The bundled invoiced-crmoffice.rst and the demo's data, without Items: that flow runs and links nothing.
    const dir = tempProject('sync-rename-coverage');
    mkdirSync(join(dir, 'specs'));
    cpSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'invoiced-crmoffice.rst'));
    cpSync(join(projectRoot, 'demo', 'data', 'invoiced-crmoffice'), dir, { recursive: true });
    rmSync(join(dir, 'left', 'items.json'));
    const sync = (slug: string) => dataflow(dir, 'sync', slug, '--left', 'left', '--right', 'right', '--state', 'state.db');
    const coverage = (slug: string) => JSON.parse(dataflow(dir, 'coverage', slug, '--state', 'state.db', '--format', 'json').stdout) as Checklist;

    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(sync('invoiced-crmoffice').status).toBe(0);
    const before = coverage('invoiced-crmoffice');
    expect(before.flows.map((f) => [f.id, f.runs])).toEqual([
      ['invoiced-customers-person-to-crmoffice-contacts', 1],
      ['invoiced-items-to-crmoffice-companies', 1],
      ['invoiced-contacts-to-crmoffice-contacts', 1],
    ]);
    const states = JSON.parse(dataflow(dir, 'state', 'list', '--json', '--state', 'state.db').stdout) as { flows: { key: string }[] };
    // The Items flow holds counts and no links.
    expect(states.flows.map((f) => f.key)).not.toContain('invoiced-crmoffice/invoiced-items-to-crmoffice-companies');

    renameSync(join(dir, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'invoiced-to-crmoffice.rst'));
    expect(dataflow(dir, 'generate').status).toBe(0);
    const renamed = sync('invoiced-to-crmoffice');
    expect(renamed.status).toBe(0);
    for (const flow of ['invoiced-customers-person-to-crmoffice-contacts', 'invoiced-items-to-crmoffice-companies', 'invoiced-contacts-to-crmoffice-contacts']) {
      expect(renamed.stderr).toContain(`sync: carried the state of invoiced-crmoffice/${flow} over to invoiced-to-crmoffice/${flow}`);
    }
    const report = JSON.parse(renamed.stdout) as { flows: { created: number }[] };
    expect(report.flows.map((f) => f.created)).toEqual([0, 0, 0]);

    // Two runs under one key per flow; what the first run counted is all there (the second wrote nothing new).
    const after = coverage('invoiced-to-crmoffice');
    expect(after.synced).toBe(true);
    expect(after.flows.map((f) => [f.id, f.runs])).toEqual(before.flows.map((f) => [f.id, 2]));
    for (const [i, flow] of after.flows.entries()) {
      const first = before.flows[i]!;
      expect(flow.rows).toEqual(first.rows);
      expect(flow.merge.map((m) => m.linked)).toEqual(first.merge.map((m) => m.linked));
      for (const [outcome, n] of Object.entries(first.decisions)) expect(flow.decisions[outcome]).toBeGreaterThanOrEqual(n);
    }
    // Nothing is left under the old name.
    const store = openStateStore(join(dir, 'state.db'), { readonly: true });
    expect([...store.loadCoverage('invoiced-crmoffice').keys()]).toEqual([]);
    store.close();
    const left = JSON.parse(dataflow(dir, 'state', 'list', '--json', '--state', 'state.db').stdout) as { flows: { key: string; coverageRuns?: number }[] };
    expect(left.flows.every((f) => f.key.startsWith('invoiced-to-crmoffice/') && f.coverageRuns === 2)).toBe(true);
  }, 300_000);
});
