/**
 * Which TypeScript checks the predicates: the project's own when it can be
 * loaded as a JavaScript API (silently: it is what the README promises), and
 * the one bundled with dataflow when the project's is TypeScript 7 (native,
 * no JavaScript API), said once on stderr with both versions, and the
 * predicates still checked.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectWithSpecs, repoSpecs } from '../fixtures/generate/project.js';

const NOTE = /dataflow: the project's typescript 7\.0\.2 has no JavaScript API; predicates checked with (\d+\.\d+\.\d+\S*) bundled with dataflow\n/g;

/** A project whose Deal predicate reads a field the flow does not map (a type error any TypeScript finds). */
function project(name: string): string {
  const dir = projectWithSpecs(name, repoSpecs('hubspot-tripletex.rst'));
  expect(dataflow(dir, 'generate').status).toBe(0);
  const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/(export const shouldCreateHubspotDealToTripletexOrder: [^=]+)= notWritten;/, '$1= (deal) =>\n  deal.properties?.no_such_field === 1;'),
  );
  return dir;
}

/** What `npm install typescript@7` leaves: a package that declares 7.x and, being native, no JavaScript API (`main` optional). */
function fakeTypeScript7(dir: string, main?: string): void {
  const pkg = join(dir, 'node_modules', 'typescript');
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'typescript', version: '7.0.2', ...(main ? { main } : {}), bin: { tsc: './bin/tsc' } }));
  if (main) writeFileSync(join(pkg, main), "module.exports = { version: '7.0.2' };\n");
}

describe('the TypeScript that checks predicates', () => {
  it("is the project's own when it has a JavaScript API: nothing is said, the type error is found", () => {
    const dir = project('predicates-ts-own');
    const checked = dataflow(dir, 'check');
    expect(checked.stderr).toContain("Property 'no_such_field' does not exist");
    expect(checked.stderr).not.toContain('predicates checked with');
    expect(checked.status).toBe(1);
  }, 300_000);

  it.each([
    ['no JavaScript entry at all', undefined],
    ['an entry without the compiler API', 'index.js'],
  ])('with the project on TypeScript 7 (%s): the bundled one, said once on stderr with both versions, still finds the type error', (_what, main) => {
    const dir = project(`predicates-ts-7-${main ? 'entry' : 'none'}`);
    fakeTypeScript7(dir, main);
    const checked = dataflow(dir, 'check');
    const notes = [...checked.stderr.matchAll(NOTE)];
    expect(notes).toHaveLength(1);
    expect(notes[0]![1]!.startsWith('7.')).toBe(false);
    expect(checked.stderr).toMatch(/predicates\/hubspot-tripletex\.ts:\d+:\d+: error: shouldCreateHubspotDealToTripletexOrder: Property 'no_such_field' does not exist/);
    expect(checked.status).toBe(1);

    const generated = dataflow(dir, 'generate', '--force');
    expect([...generated.stderr.matchAll(NOTE)]).toHaveLength(1);
    expect(generated.stderr).toContain("warning: shouldCreateHubspotDealToTripletexOrder: Property 'no_such_field' does not exist");
  }, 300_000);
});
