/**
 * A spec is deleted and its predicates file stays behind. When the file holds
 * only the stubs generate wrote, untouched, generate removes it with the
 * spec's other files, and check calls it stale ("run `dataflow generate`"),
 * so the two agree and the user never has to delete a file they never wrote.
 * A file with anything of the user's in it is never deleted: its predicates
 * are reported as orphaned (check names each, exit 1), as before.
 */
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectWithSpecs, repoSpecs } from '../fixtures/generate/project.js';

/** hubspot-tripletex (three flows with predicates) beside the seed spec (none), so the specs folder is never empty. */
function project(name: string) {
  const dir = projectWithSpecs(name, repoSpecs('hubspot-tripletex.rst', 'invoiced-crmoffice.rst'));
  expect(dataflow(dir, 'generate').status).toBe(0);
  const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
  expect(readFileSync(file, 'utf8')).toContain('export const shouldCreateHubspotDealToTripletexOrder');
  return { dir, file };
}

const REMOVABLE = 'holds only the stubs `dataflow generate` wrote, untouched, and no flow needs them (its spec is gone): `dataflow generate` removes it';

describe('the predicates file of a deleted spec', () => {
  it('holding only the untouched stubs: check says stale and to run generate (exit 1), generate removes it, then check passes', () => {
    const { dir, file } = project('predicates-deleted-untouched');
    unlinkSync(join(dir, 'specs', 'hubspot-tripletex.rst'));

    const checked = dataflow(dir, 'check');
    expect(checked.status).toBe(1);
    expect(checked.stdout).toContain(`stale: predicates/hubspot-tripletex.ts (${REMOVABLE})\n`);
    expect(checked.stdout).not.toContain('orphaned predicate');
    expect(checked.stderr).toContain('run `dataflow generate`');
    expect(checked.stderr).not.toContain('delete them from your predicates files');
    expect(existsSync(file)).toBe(true);

    const json = dataflow(dir, 'check', '--format', 'json');
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as { findings: unknown[] }).findings).toContainEqual({ kind: 'stale', file: 'predicates/hubspot-tripletex.ts', message: REMOVABLE });

    const generated = dataflow(dir, 'generate');
    expect(generated.status).toBe(0);
    expect(generated.stderr).toContain(
      'predicates/hubspot-tripletex.ts: removed: it held only the stubs generate wrote, untouched, and no flow needs them (its spec is gone)\n',
    );
    expect(generated.stderr).not.toContain('warning: no spec generates hubspot-tripletex');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, 'generated', 'hubspot-tripletex'))).toBe(false);
    // The other spec's file is left as it is (the seed spec has no predicates, so there is none).
    expect(existsSync(join(dir, 'predicates', 'invoiced-crmoffice.ts'))).toBe(false);

    const clean = dataflow(dir, 'check');
    expect(clean.stdout).toBe('');
    expect(clean.stderr).toContain('is up to date with 1 spec\n');
    expect(clean.status).toBe(0);
  }, 300_000);

  it("with anything of the user's (an implemented predicate, or only a comment) is never deleted: its predicates are orphaned, named by check", () => {
    const { dir, file } = project('predicates-deleted-edited');
    const stubs = readFileSync(file, 'utf8');
    const implemented = stubs.replace(
      /(export const shouldCreateHubspotDealToTripletexOrder[^\n]*= )notWritten;/,
      "$1(deal) =>\n  deal.properties?.closedate !== undefined;",
    );
    expect(implemented).not.toBe(stubs);
    unlinkSync(join(dir, 'specs', 'hubspot-tripletex.rst'));

    for (const mine of [implemented, `${stubs}// Ask Kari before writing these.\n`]) {
      writeFileSync(file, mine);
      const checked = dataflow(dir, 'check');
      expect(checked.status).toBe(1);
      expect(checked.stdout).toMatch(
        /^orphaned predicate: predicates\/hubspot-tripletex\.ts:\d+:14: no spec generates hubspot-tripletex any more, so nothing uses shouldCreateHubspotDealToTripletexOrder/m,
      );
      expect(checked.stdout).not.toContain('stale: predicates/');

      const generated = dataflow(dir, 'generate');
      expect(generated.status).toBe(0);
      expect(generated.stderr).toMatch(/predicates\/hubspot-tripletex\.ts:\d+:14: warning: no spec generates hubspot-tripletex any more/);
      expect(generated.stderr).not.toContain('removed: it held only');
      expect(readFileSync(file, 'utf8')).toBe(mine);
    }
  }, 300_000);
});
