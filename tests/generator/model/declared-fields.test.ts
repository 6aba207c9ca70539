/** The config's `fields` against real specs: which flows read what, what a declaration may not name, what it generates. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../../generator/parse.js';
import { DeclaredFieldError, declaredFieldWarnings, declaredFieldsKey, readsOfSpec } from '../../../generator/model/declared-fields.js';
import { generate } from '../../../generator/generate.js';
import { ConfigError } from '../../../generator/config/resolve-config.js';
import { HOSTILE } from '../../fixtures/generate/hostile.js';
import { projectRoot, projectWithSpecs, typeCheck, writeConfigs } from '../../fixtures/generate/project.js';

const CORPUS = join(projectRoot, '..', 'shared', 'corpus', 'latest');
const text = (name: string) => readFileSync(join(CORPUS, name), 'utf8');
const document = parseSpecText('hubspot-tripletex.rst', text('hubspot-tripletex.rst'));

function problem(fields: Parameters<typeof readsOfSpec>[1]): DeclaredFieldError {
  try {
    readsOfSpec(document, fields);
  } catch (error) {
    if (error instanceof DeclaredFieldError) return error;
    throw error;
  }
  throw new Error('no problem');
}

describe('readsOfSpec', () => {
  it('gives the flows of the declared source entity their fields, sorted by path', () => {
    const reads = readsOfSpec(document, {
      'HubSpot Deal': { 'properties.hs_deal_stage_probability': 'number', 'properties.dealstage': 'string' },
      'HubSpot Contact': { 'properties.lifecyclestage': 'unknown' },
    });
    expect(reads.get('HubSpot Deal')).toEqual([
      { path: ['properties', 'dealstage'], type: 'string' },
      { path: ['properties', 'hs_deal_stage_probability'], type: 'number' },
    ]);
    expect(reads.get('HubSpot Contact')).toEqual([{ path: ['properties', 'lifecyclestage'], type: 'unknown' }]);
    expect(readsOfSpec(document, undefined).size).toBe(0);
  });

  it('an entity no flow reads is named with its near names and the entities there are', () => {
    const typo = problem({ 'HubSpot Dael': { x: 'number' } });
    expect(typo.keys).toEqual(['HubSpot Dael']);
    expect(typo.message).toMatch(/^no flow of this spec reads an entity "HubSpot Dael"; did you mean "HubSpot Deal"\? the entities its flows read: "HubSpot Contact", "HubSpot Deal", /);
    expect(problem({ 'Tripletex Customer': { x: 'number' } }).message).toMatch(/^no flow of this spec reads "Tripletex Customer" \(its flows only write it/);
    // Named only in a "connected to" list: no flow's predicate gets such a record.
    expect(problem({ 'HubSpot Quote': { x: 'number' } }).message).toMatch(/^no flow of this spec reads "HubSpot Quote" \(its flows only write it, or name it in a "connected to" list/);
  });

  it('a field the spec maps, or one inside or around a mapped one, is refused with the row that maps it', () => {
    const mapped = problem({ 'HubSpot Deal': { 'properties.deal_currency_code': 'integer' } });
    expect(mapped.keys).toEqual(['HubSpot Deal', 'properties.deal_currency_code']);
    expect(mapped.message).toBe(
      'the spec maps properties.deal_currency_code already (flow "HubSpot Deal to Tripletex Order", row properties.deal_currency_code -> currency.id): it is fetched without a declaration, and its type is the spec\'s; remove this one',
    );
    expect(problem({ 'HubSpot Deal': { properties: 'unknown' } }).message).toMatch(/^properties and properties.closedate, which the spec maps .* one lies inside the other$/);
    expect(problem({ 'HubSpot Deal': { 'properties.closedate.year': 'integer' } }).message).toMatch(/one lies inside the other$/);
    // A merge criterion's path counts as mapped too.
    expect(problem({ 'HubSpot Contact': { 'properties.email': 'string' } }).message).toMatch(/the spec maps properties.email already \(flow "HubSpot Contact to Tripletex Contact", (row|merge criterion) properties.email/);
  });
});

describe('declaredFieldWarnings', () => {
  it('warns of a field outside the container every path the spec reads from the entity is in', () => {
    expect(declaredFieldWarnings(document, { 'HubSpot Deal': { hs_deal_stage_probability: 'number', 'properties.dealstage': 'string', id: 'string' } })).toEqual([
      {
        keys: ['HubSpot Deal', 'hs_deal_stage_probability'],
        message:
          'every field the spec reads from HubSpot Deal is under "properties." (properties.closedate, properties.deal_currency_code), this one is not: did you mean "properties.hs_deal_stage_probability"? A field the system does not send at this path is absent for the predicate',
      },
    ]);
    expect(declaredFieldWarnings(document, undefined)).toEqual([]);
  });
});

describe('declaredFieldsKey', () => {
  it('changes with the declaration, not with the order it is written in; none or empty is no key', () => {
    const a = declaredFieldsKey({ 'HubSpot Deal': { a: 'number', b: 'string' }, 'HubSpot Contact': { c: 'boolean' } });
    expect(declaredFieldsKey({ 'HubSpot Contact': { c: 'boolean' }, 'HubSpot Deal': { b: 'string', a: 'number' } })).toBe(a);
    expect(declaredFieldsKey({ 'HubSpot Deal': { a: 'integer', b: 'string' }, 'HubSpot Contact': { c: 'boolean' } })).not.toBe(a);
    expect(declaredFieldsKey(undefined)).toBe('');
    expect(declaredFieldsKey({ 'HubSpot Deal': {} })).toBe('');
  });
});

describe('generate with declared fields', () => {
  const declared = (type: 'number' | 'string') => ({
    'hubspot-tripletex': {
      'HubSpot Deal': {
        'properties.hs_deal_stage_probability': type,
        // Hostile names are data: keys quoted, comments closed off, literals escaped.
        ...Object.fromEntries(HOSTILE.map((name, i) => [`properties.${name}`, (['string', 'number', 'boolean', 'datetime', 'integer', 'unknown'] as const)[i % 6]])),
        [HOSTILE[8]!]: 'string' as const,
      },
    },
  });

  it('types them in the source record under strict settings, carries them as data, and rewrites exactly the modules of the flows that read them', { timeout: 300_000 }, async () => {
    const dir = projectWithSpecs('declared-fields', { 'hubspot-tripletex.rst': text('hubspot-tripletex.rst') });
    const options = { specs: 'specs', out: 'generated', cwd: dir, configFile: null };
    const plain = await generate(options);
    expect(plain.written).toContain('manifest.json');
    const first = await generate({ ...options, fields: declared('number') });
    expect(first.written).toEqual(['hubspot-tripletex/hubspot-deal-to-tripletex-order.ts', 'manifest.json']);
    // Nothing changed: the cache holds (the spec is not even rendered again).
    const again = await generate({ ...options, fields: declared('number') });
    expect(again.written).toEqual([]);
    expect(again.specs[0]!.rendered).toBe(false);
    // A changed type: that module again, through the cache.
    const retyped = await generate({ ...options, fields: declared('string') });
    expect(retyped.written).toEqual(['hubspot-tripletex/hubspot-deal-to-tripletex-order.ts', 'manifest.json']);
    expect(retyped.specs[0]!.rendered).toBe(true);
    await generate({ ...options, fields: declared('number') });

    const module = readFileSync(join(dir, 'generated', 'hubspot-tripletex', 'hubspot-deal-to-tripletex-order.ts'), 'utf8');
    expect(module).toContain('    hs_deal_stage_probability?: number | null;');
    expect(module).toContain("    'ends */ comment'?: boolean | null;");
    expect(module).not.toMatch(/^[^'\n]*process\.exit/m);
    writeConfigs(dir, 'generated');
    // The user's strict settings (exactOptionalPropertyTypes too).
    const tsconfig = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    tsconfig.compilerOptions.exactOptionalPropertyTypes = true;
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = typeCheck(dir);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);

    const { flows } = (await import(join(dir, 'generated', 'hubspot-tripletex', 'index.ts'))) as { flows: { id: string; reads?: { path: string[]; type: string }[] }[] };
    const deal = flows.find((f) => f.id === 'hubspot-deal-to-tripletex-order')!;
    const want = Object.entries(declared('number')['hubspot-tripletex']['HubSpot Deal']).map(([path, type]) => ({ path: path.split('.'), type }));
    expect(new Set(deal.reads!.map((r) => JSON.stringify(r)))).toEqual(new Set(want.map((r) => JSON.stringify(r))));
    expect(flows.filter((f) => f.reads !== undefined).map((f) => f.id)).toEqual(['hubspot-deal-to-tripletex-order']);
  });

  it('a declaration for a spec that is not there is a ConfigError naming the near spec; nothing is written', async () => {
    const dir = projectWithSpecs('declared-fields-unknown', { 'hubspot-tripletex.rst': text('hubspot-tripletex.rst') });
    const run = generate({ specs: 'specs', out: 'generated', cwd: dir, fields: { 'hubspot-tripletx': { 'HubSpot Deal': { a: 'number' } } } });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow('config: fields["hubspot-tripletx"]: no spec "hubspot-tripletx" (a spec is named by its file name without the extension); did you mean "hubspot-tripletex"? the specs: "hubspot-tripletex"');
    expect(() => readFileSync(join(dir, 'generated', 'manifest.json'))).toThrow();
  });
});
