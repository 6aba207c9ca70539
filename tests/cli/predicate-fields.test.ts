/**
 * End to end: the corpus spec hubspot-tripletex.rst, whose "HubSpot Deal to
 * Tripletex Order" flow is created "When a HubSpot Deal has a 100% probability
 * of beeing sold", in a project whose config declares the field that trigger
 * needs (`properties.hs_deal_stage_probability`, which the spec does not map).
 * The predicate reading it type-checks under a strict tsconfig, `check` holds,
 * and a sync against the HubSpot and Tripletex emulators asks HubSpot for the
 * field, hands the predicate a number (HubSpot sends text), creates orders for
 * the deals at 100% only, and writes the field nowhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpot, type HubSpotEmulator } from '../emulators/hubspot-emulator.js';
import { EmulatorClock } from '../emulators/server.js';
import { startTripletex, type TripletexEmulator } from '../emulators/tripletex-emulator.js';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, projectWithSpecs } from '../fixtures/generate/project.js';

// Runs the built command and package (npm test builds first); `npm run build` before running this file alone.
const CORPUS_SPEC = join(projectRoot, '..', 'shared', 'corpus', 'latest', 'hubspot-tripletex.rst');
const SPEC = readFileSync(CORPUS_SPEC, 'utf8');
const FIELD = 'hs_deal_stage_probability';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

function config(fields: string): string {
  const sync = pathToFileURL(join(projectRoot, 'dist/runtime/sync/index.js')).href;
  return [
    `import { hubspot, tripletex } from ${JSON.stringify(sync)};`,
    'export default {',
    `  fields: ${fields},`,
    "  state: 'state.db',",
    '  systems: {',
    '    HubSpot: hubspot({ retry: { retries: 1, baseMs: 10 } }),',
    '    Tripletex: tripletex({ retry: { retries: 1, baseMs: 10 } }),',
    '  },',
    '};',
    '',
  ].join('\n');
}

const DECLARED = `{ 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.${FIELD}': 'number' } } }`;

/** The user's predicate: a deal at 100% (HubSpot's probability is 0..1). */
const PREDICATE =
  "export const shouldCreateHubspotDealToTripletexOrder: CreationPredicate<import('../generated/hubspot-tripletex/hubspot-deal-to-tripletex-order.js').HubspotDeal> = (deal) =>\n" +
  `  deal.properties?.${FIELD} === 1;`;

function writePredicate(dir: string): string {
  const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
  const text = readFileSync(file, 'utf8').replace(/export const shouldCreateHubspotDealToTripletexOrder[^\n]*/, PREDICATE);
  expect(text).toContain(PREDICATE);
  writeFileSync(file, text);
  return file;
}

/** The strict tsconfig a user's project has (`dataflow/runtime` resolves to the built package). */
function strictTsconfig(dir: string): void {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
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
        types: [],
      },
      include: ['generated/**/*.ts', 'predicates/**/*.ts'],
      exclude: ['generated/**/*.test.ts', 'generated/*/tests.ts'],
    }),
  );
}

function tsc(dir: string) {
  const result = spawnSync(process.execPath, [join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface FlowOut {
  id: string;
  created: number;
  skipped: number;
  errors: { record: unknown; message: string }[];
}

/** `dataflow sync hubspot-tripletex` as a child process (the emulators answer from this process). */
function sync(dir: string, hs: HubSpotEmulator, tt: TripletexEmulator): Promise<{ code: number | null; flows: FlowOut[]; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin/dataflow.js'), 'sync', 'hubspot-tripletex'], {
      cwd: dir,
      env: {
        ...process.env,
        HUBSPOT_BASE_URL: hs.url,
        HUBSPOT_TOKEN: 'hubspot-test-token',
        TRIPLETEX_BASE_URL: `${tt.url}/v2`,
        TRIPLETEX_CONSUMER_TOKEN: 'consumer-test',
        TRIPLETEX_EMPLOYEE_TOKEN: 'employee-test',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => {
      let flows: FlowOut[] = [];
      try {
        flows = (JSON.parse(stdout) as { flows: FlowOut[] }).flows;
      } catch {
        // the test fails on the code and shows stderr
      }
      done({ code, flows, stderr });
    });
  });
}

describe('fields a predicate reads that the spec does not map (the config\'s "fields")', () => {
  it('are typed, fetched from HubSpot, decide creation by their value, and are never written', async () => {
    const dir = projectWithSpecs('predicate-fields', { 'hubspot-tripletex.rst': SPEC });
    writeFileSync(join(dir, 'dataflow.config.mjs'), config(DECLARED));
    strictTsconfig(dir);
    const generated = dataflow(dir, 'generate');
    expect(generated.stderr).toContain('generate: 1 spec ');
    expect(generated.status).toBe(0);
    const module = readFileSync(join(dir, 'generated', 'hubspot-tripletex', 'hubspot-deal-to-tripletex-order.ts'), 'utf8');
    expect(module).toContain(`    ${FIELD}?: number | null;`);
    expect(module).toContain(`  reads: [{ path: ['properties', '${FIELD}'], type: 'number' }],`);

    const predicates = writePredicate(dir);
    const typed = tsc(dir);
    expect(typed.output).toBe('');
    expect(typed.status).toBe(0);
    const checked = dataflow(dir, 'check');
    expect(checked.stdout).toBe('');
    expect(checked.status).toBe(0);

    // Without the declaration the predicate no longer fits: check says where, before tsc does in CI.
    writeFileSync(join(dir, 'dataflow.config.mjs'), config('{}'));
    const undeclared = dataflow(dir, 'check');
    const line = readFileSync(predicates, 'utf8').split('\n').indexOf(`  deal.properties?.${FIELD} === 1;`) + 1;
    expect(undeclared.stdout).toContain('stale: generated/hubspot-tripletex/hubspot-deal-to-tripletex-order.ts');
    expect(undeclared.stdout).not.toContain('stale: generated/hubspot-tripletex/hubspot-contact');
    expect(undeclared.stderr).toMatch(new RegExp(`predicates/hubspot-tripletex.ts:${line}:\\d+: error: shouldCreateHubspotDealToTripletexOrder: Property '${FIELD}' does not exist.*\\(TS2339\\)`));
    expect(undeclared.status).toBe(1);
    writeFileSync(join(dir, 'dataflow.config.mjs'), config(DECLARED));
    expect(dataflow(dir, 'check').status).toBe(0);

    const clock = new EmulatorClock();
    const hs = await startHubSpot({ clock });
    open.push(hs);
    const tt = await startTripletex({ clock });
    open.push(tt);
    // HubSpot sends every property as text; one deal has no probability, one a value that is no number.
    hs.seed('deals', [
      { dealname: 'Sold', closedate: '2026-02-01', deal_currency_code: '1', [FIELD]: '1.0' },
      { dealname: 'Likely', closedate: '2026-02-02', deal_currency_code: '1', [FIELD]: '0.6' },
      { dealname: 'Open', closedate: '2026-02-03', deal_currency_code: '1' },
      { dealname: 'Broken', closedate: '2026-02-04', deal_currency_code: '1', [FIELD]: 'high' },
    ]);
    clock.advance(86_400_000);

    const first = await sync(dir, hs, tt);
    expect(first.stderr).not.toContain('internal error');
    const deal = first.flows.find((f) => f.id === 'hubspot-deal-to-tripletex-order')!;
    expect(deal).toMatchObject({ created: 1, skipped: 2 });
    expect(deal.errors).toHaveLength(1);
    expect(deal.errors[0]!.message).toContain(`cannot convert "high" to "number" for field properties.${FIELD} (declared "number" in the config's fields)`);
    // Asked for with the mapped properties (HubSpot `properties=`)...
    const listed = hs.log.filter((e) => e.method === 'GET' && e.path === '/crm/v3/objects/deals');
    expect(listed.length).toBeGreaterThan(0);
    for (const e of listed) expect(e.query.properties!.split(',')).toEqual(expect.arrayContaining(['closedate', 'deal_currency_code', FIELD]));
    // ...and written nowhere: not into Tripletex, not back into HubSpot.
    const orders = tt.records('/order');
    expect(orders.map((o) => o.deliveryDate)).toEqual(['2026-02-01']);
    const written = [...hs.log, ...tt.log].filter((e) => e.method !== 'GET' && !e.path.endsWith('/search'));
    expect(written.filter((e) => JSON.stringify(e.body ?? null).includes(FIELD))).toEqual([]);
    expect(JSON.stringify(orders)).not.toContain(FIELD);

    // The deal at 60% reaches 100%: the change feed brings the new value (asked for in the search too) and the order follows.
    clock.advance(60_000);
    hs.edit('deals', hs.records('deals').find((d) => d.properties.dealname === 'Likely')!.id, { [FIELD]: '1.0' });
    clock.advance(60_000);
    const second = await sync(dir, hs, tt);
    expect(second.flows.find((f) => f.id === 'hubspot-deal-to-tripletex-order')).toMatchObject({ created: 1 });
    expect(tt.records('/order').map((o) => o.deliveryDate).sort()).toEqual(['2026-02-01', '2026-02-02']);
    const searched = hs.log.filter((e) => e.method === 'POST' && e.path === '/crm/v3/objects/deals/search');
    for (const e of searched) expect((e.body as { properties: string[] }).properties).toContain(FIELD);

    // A declaration changed without generating again: sync refuses the old code, as it does for a changed spec.
    writeFileSync(join(dir, 'dataflow.config.mjs'), config(`{ 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.${FIELD}': 'string' } } }`));
    const stale = await sync(dir, hs, tt);
    expect(stale.stderr).toContain(
      `the config's fields changed since it was generated (flow "HubSpot Deal to Tripletex Order" reads properties.${FIELD}: number, the config's fields declare properties.${FIELD}: string for HubSpot Deal); run \`dataflow generate\``,
    );
    expect(stale.code).toBe(1);
  }, 300_000);

  it('a declaration that fits no spec, entity or field is a config error at its line, with the near names', { timeout: 300_000 }, () => {
    const dir = projectWithSpecs('predicate-fields-errors', { 'hubspot-tripletex.rst': SPEC });
    const fail = (fields: string) => {
      writeFileSync(join(dir, 'dataflow.config.mjs'), config(fields));
      const out = dataflow(dir, 'generate');
      expect(out.status).toBe(2);
      return out.stderr;
    };
    expect(fail(`{ 'hubspot-tripletx': { 'HubSpot Deal': { 'properties.${FIELD}': 'number' } } }`)).toContain(
      'dataflow.config.mjs:3:13: fields["hubspot-tripletx"]: no spec "hubspot-tripletx" (a spec is named by its file name without the extension); did you mean "hubspot-tripletex"?',
    );
    expect(fail(`{ 'hubspot-tripletex': { 'Hubspot Deal': { 'properties.${FIELD}': 'number' } } }`)).toContain(
      'dataflow.config.mjs:3:36: fields["hubspot-tripletex"]["Hubspot Deal"]: no flow of this spec reads an entity "Hubspot Deal"; did you mean "HubSpot Deal"?',
    );
    expect(fail(`{ 'hubspot-tripletex': { 'Tripletex Order': { 'properties.${FIELD}': 'number' } } }`)).toContain('no flow of this spec reads "Tripletex Order" (its flows only write it');
    expect(fail(`{ 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.closedate': 'datetime' } } }`)).toContain(
      'fields["hubspot-tripletex"]["HubSpot Deal"]["properties.closedate"]: the spec maps properties.closedate already (flow "HubSpot Deal to Tripletex Order", row properties.closedate -> deliveryDate)',
    );
    expect(fail(`{ 'hubspot-tripletex': { 'HubSpot Deal': { 'properties.${FIELD}': 'percent' } } }`)).toContain(
      `dataflow.config.mjs:3:54: fields["hubspot-tripletex"]["HubSpot Deal"]["properties.${FIELD}"]: the type must be one of "string", "number", "integer", "boolean", "datetime", "unknown", not "percent"`,
    );
    // Nothing was generated by any of them.
    expect(() => readFileSync(join(dir, 'generated', 'manifest.json'))).toThrow();
    // A field outside `properties.` fits the spec but most likely not HubSpot: a warning at its key, on every run.
    writeFileSync(join(dir, 'dataflow.config.mjs'), config(`{ 'hubspot-tripletex': { 'HubSpot Deal': { '${FIELD}': 'number' } } }`));
    for (const run of ['rendered', 'cached']) {
      const out = dataflow(dir, 'generate');
      expect(out.stderr, run).toContain(`dataflow.config.mjs:3:54: warning: fields["hubspot-tripletex"]["HubSpot Deal"]["${FIELD}"]: every field the spec reads from HubSpot Deal is under "properties."`);
      expect(out.stderr, run).toContain(`did you mean "properties.${FIELD}"?`);
      expect(out.status).toBe(0);
    }
  });
});
