import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
function dataflow(cwd: string | undefined, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(process.cwd(), 'bin/dataflow.js'), ...args], { encoding: 'utf8', cwd: cwd ?? process.cwd() });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dataflow docs', () => {
  it('writes the site of a specs folder and says where', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'dataflow-docs-cli-')), 'site');
    const { code, stderr } = dataflow(undefined, 'docs', '--specs', 'specs', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^docs: 4 specs, 14 flows, 4 lint findings -> .*site\/index\.html \(\d+ files, \d+ KiB\)$/m);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<title>Dataflows</title>');
  });

  it('takes specs and docs.out from the config', () => {
    const project = mkdtempSync(join(tmpdir(), 'dataflow-docs-config-'));
    mkdirSync(join(project, 'my-specs'));
    writeFileSync(join(project, 'my-specs', 'hubspot-tripletex.rst'), readFileSync('specs/hubspot-tripletex.rst'));
    writeFileSync(join(project, 'dataflow.config.json'), JSON.stringify({ specs: 'my-specs', docs: { out: 'public/docs' } }));
    const { code } = dataflow(project, 'docs');
    expect(code).toBe(0);
    expect(existsSync(join(project, 'public/docs/specs/hubspot-tripletex.html'))).toBe(true);
  });

  it("names each deciding predicate and the spec's file of the config's predicates folder, from any working folder", () => {
    const project = mkdtempSync(join(tmpdir(), 'dataflow-docs-predicates-'));
    mkdirSync(join(project, 'specs'));
    mkdirSync(join(project, 'sub'));
    writeFileSync(join(project, 'specs', 'hubspot-tripletex.rst'), readFileSync('specs/hubspot-tripletex.rst'));
    writeFileSync(join(project, 'dataflow.config.json'), JSON.stringify({ predicates: 'src/predicates', docs: { out: 'site' } }));
    expect(dataflow(join(project, 'sub'), 'docs').code).toBe(0);
    const page = readFileSync(join(project, 'site/specs/hubspot-tripletex.html'), 'utf8');
    // hubspot-tripletex.rst: a flow created when connected to another record, and one created on a trigger.
    expect(page).toContain('(shouldCreateHubspotContactToTripletexCustomer in src/predicates/hubspot-tripletex.ts decides)');
    expect(page).toContain('is decided by a predicate written for the condition above (shouldCreateHubspotDealToTripletexOrder in src/predicates/hubspot-tripletex.ts decides)');
    // Predicates live in the user's folder, one file per spec: no page speaks of a predicates.ts.
    expect(page).not.toContain('predicates.ts');
  });

  it('exits 1 when a spec has errors (the site is still written), 2 for a folder it did not write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-docs-bad-'));
    writeFileSync(join(dir, 'broken.rst'), 'no title here\n');
    const out = join(dir, 'site');
    const bad = dataflow(undefined, 'docs', '--specs', dir, '--out', out);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.rst: has error diagnostics/);
    expect(existsSync(join(out, 'specs', 'broken.html'))).toBe(true);
    const mine = join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep');
    const refused = dataflow(undefined, 'docs', '--specs', 'specs', '--out', mine);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/did not write/);
    expect(readFileSync(join(mine, 'notes.txt'), 'utf8')).toBe('keep');
  });
});
