import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, projectWithSpecs } from '../fixtures/generate/project.js';

const SEED = readFileSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), 'utf8');
const HUBSPOT = readFileSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), 'utf8');
/** A row typed half-way (two cells of three): an error at its line. */
const HALF_ROW = `${SEED.trimEnd()}\n   * - email\n     - emailAddress\n`;

describe('generate --format', () => {
  it('json: the specs, the files written and removed, the predicates files changed and the diagnostics, as one document on stdout', () => {
    const dir = projectWithSpecs('generate-json', { 'hubspot-tripletex.rst': HUBSPOT, 'broken.rst': HALF_ROW });
    const run = dataflow(dir, 'generate', '--format', 'json');
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(['specs', 'written', 'removed', 'predicates', 'diagnostics']);
    expect(json.specs).toEqual([
      { file: 'specs/broken.rst', slug: 'broken', rendered: false, errors: 1, warnings: 0 },
      { file: 'specs/hubspot-tripletex.rst', slug: 'hubspot-tripletex', rendered: true, errors: 0, warnings: expect.any(Number) },
    ]);
    expect(json.written).toContain('generated/hubspot-tripletex/index.ts');
    expect(json.written).toContain('generated/manifest.json');
    expect(json.removed).toEqual([]);
    expect(json.predicates).toEqual([
      { file: 'predicates/hubspot-tripletex.ts', created: true, added: expect.arrayContaining(['shouldCreateHubspotContactToTripletexContact']) },
    ]);
    expect(json.diagnostics).toContainEqual({
      file: 'specs/broken.rst',
      severity: 'error',
      code: 'table-columns',
      message: expect.stringContaining('property table row has 2 cells, expected 3'),
      line: expect.any(Number),
      column: 4,
    });
    // Diagnostics are in the document, not printed again; the summary stays on stderr.
    expect(run.stderr).not.toContain('error:');
    expect(run.stderr).toMatch(/^generate: 2 specs \(1 rendered, 0 unchanged, 1 with errors\), \d+ files written, 0 removed\n$/);

    rmSync(join(dir, 'specs', 'hubspot-tripletex.rst'));
    const removal = JSON.parse(dataflow(dir, 'generate', '--format', 'json').stdout);
    expect(removal.written).toEqual(['generated/manifest.json']);
    expect(removal.removed).toContain('generated/hubspot-tripletex/index.ts');
  });

  it("github: diagnostics as annotations with file, line and column; the config's format is the default", () => {
    const dir = projectWithSpecs('generate-github', { 'broken.rst': HALF_ROW });
    writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ format: 'github' }));
    const run = dataflow(dir, 'generate');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::error file=specs\/broken\.rst,line=\d+,col=4,title=table-columns::property table row has 2 cells, expected 3; .+\[table-columns\]$/m);
    expect(run.stderr).toMatch(/^generate: 1 spec \(0 rendered, 0 unchanged, 1 with errors\), 1 file written, 0 removed\n$/);
    const text = dataflow(dir, 'generate', '--format', 'text');
    expect(text.stdout).toBe('');
    expect(text.stderr).toMatch(/^specs\/broken\.rst:\d+:4: error: property table row has 2 cells/m);
    expect(dataflow(dir, 'generate', '--format', 'xml').status).toBe(2);
  });
});
