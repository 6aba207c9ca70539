import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { readPath, writePath, type AnyRecord, type PathSpec } from '../../runtime/index.js';
import { mergeKey, MERGE_KEY_KINDS } from '../../runtime/merge-key.js';
import {
  canonical,
  createFolderAdapter,
  createMemoryAdapter,
  openStateStore,
  runSync,
  type AnyFlow,
  type FlowReport,
  type SystemAdapter,
} from '../../runtime/sync/index.js';
import { deepJsonText, jsonText, writeJsonArrayFile } from '../../runtime/sync/json-text.js';
import { JsonArrayError, readJsonArrayFile } from '../../runtime/sync/json-array-reader.js';
import { changedProperties, createBody } from '../../runtime/sync/rest/hubspot/batch.js';
import { propertyValues } from '../../runtime/sync/rest/hubspot/objects.js';
import { partialBody } from '../../runtime/sync/rest/tripletex/fields.js';
import { tempProject } from '../fixtures/generate/project.js';
import { deepValue, expectUnpolluted, HOSTILE_KEYS, hostilePaths, parsed, pollutingPayload, prototypeShape, walkDeep } from './hostile-data.js';

/**
 * Hostile record data (issue 12): keys named `__proto__`, `constructor` and
 * `prototype` (own properties, as JSON.parse makes them), ids of odd types,
 * 10 MB strings and 10,000 levels of nesting, through the runtime's path
 * helpers, generated mappers, merge keys, the engine, the SQLite state, the
 * data-folder adapter, the dry-run plan and coverage. Nothing reaches a
 * prototype, a bad record is reported with its id and skipped while the rest
 * goes on, and values arrive exactly: a mapped `__proto__` key is an own
 * property of the target.
 */
const before = prototypeShape();
const p = (dotted: string): PathSpec => ({ path: dotted.split('.'), conditions: [] });
const own = (value: unknown, key: string) => Object.prototype.hasOwnProperty.call(value, key);

const counts = (r: FlowReport) => ({ created: r.created, updated: r.updated, linked: r.linked, unchanged: r.unchanged, errors: r.errors.length });

describe('hostile data: runtime path helpers', () => {
  it('reads only own properties and writes own properties, whatever the key', () => {
    const record = pollutingPayload();
    expect(readPath(record, p('__proto__.polluted'))).toBe('top');
    expect(readPath(record, p('constructor.prototype.polluted'))).toBe('ctor');
    expect(readPath(record, p('nested.__proto__.polluted'))).toBe('nested');
    expect(readPath({}, p('constructor'))).toBeUndefined();
    expect(readPath({}, p('__proto__'))).toBeUndefined();
    expect(readPath({}, p('toString'))).toBeUndefined();
    expect(readPath([], p('length'))).toBeUndefined();

    const target: AnyRecord = {};
    for (const key of HOSTILE_KEYS) writePath(target, p(`${key}.polluted`), key);
    writePath(target, p('__proto__'), { polluted: 'direct' });
    writePath(target, p('a.__proto__.b.constructor.prototype'), 'chain');
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(own(target, '__proto__')).toBe(true);
    expect(readPath(target, p('__proto__.polluted'))).toBe('direct');
    expect(readPath(target, p('constructor.polluted'))).toBe('constructor');
    expect(readPath(target, p('a.__proto__.b.constructor.prototype'))).toBe('chain');
    expect(JSON.parse(JSON.stringify(target)).__proto__).toEqual({ polluted: 'direct' });
    writePath(target, p('__proto__'), undefined);
    expect(own(target, '__proto__')).toBe(false);
    expectUnpolluted(before);
  });

  it('reads and writes 10,000 levels deep', () => {
    const path = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? '__proto__' : i % 3 === 1 ? 'constructor' : 'prototype'));
    const spec: PathSpec = { path, conditions: [] };
    const record: AnyRecord = {};
    writePath(record, spec, 'leaf');
    expect(readPath(record, spec)).toBe('leaf');
    expect(readPath(deepValue(10_000), { path: Array(10_000).fill('a'), conditions: [] })).toBe('bottom');
    expectUnpolluted(before);
  });

  /** Hostile JSON as text: objects keyed by prototype names, so JSON.parse gives own properties. */
  const key = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 6 }));
  const { json } = fc.letrec<{ json: string }>((tie) => ({
    json: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 0 }).map((v) => JSON.stringify(v)),
      fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      fc.array(fc.tuple(key, tie('json')), { maxLength: 5 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    ),
  }));
  const paths = fc.array(key, { minLength: 1, maxLength: 4 });

  it('keeps hostile JSON exactly through writePath/readPath and canonical (fast-check)', () => {
    fc.assert(
      fc.property(json, paths, json, (valueText, path, recordText) => {
        const value = parsed<unknown>(valueText);
        const record = parsed<unknown>(recordText);
        const spec: PathSpec = { path, conditions: [] };
        // Reading follows own properties only.
        let expected: unknown = record;
        for (const k of path) {
          if (Array.isArray(expected)) expected = expected[0];
          expected = typeof expected === 'object' && expected !== null && !Array.isArray(expected) && own(expected, k) ? (expected as AnyRecord)[k] : undefined;
          if (expected === undefined) break;
        }
        expect(readPath(record, spec)).toBe(expected);
        // Writing into a fresh record and reading back gives the value itself.
        const target: AnyRecord = {};
        writePath(target, spec, value);
        expect(readPath(target, spec)).toBe(value);
        expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
        // The canonical form (what the state stores) parses back to the same data.
        expect(canonical(JSON.parse(canonical(value)))).toBe(canonical(value));
        expect(JSON.parse(canonical(value))).toEqual(JSON.parse(JSON.stringify(value)));
        expectUnpolluted(before);
      }),
      { numRuns: 400 },
    );
  });

  it('writes JSON text exactly as JSON.stringify does, at any depth (fast-check)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-json-text-'));
    made.push(dir);
    fc.assert(
      fc.property(fc.array(json, { maxLength: 5 }), fc.constantFrom(0, 2), (texts, indent) => {
        const values = texts.map((t) => parsed<unknown>(t));
        for (const value of values) expect(deepJsonText(value, indent)).toBe(JSON.stringify(value, null, indent));
        writeJsonArrayFile(join(dir, 'out.json'), values);
        expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(`${JSON.stringify(values, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
    // What JSON.stringify leaves out or turns into null, and a Date's toJSON.
    const odd = { a: undefined, b: () => 1, c: [undefined, () => 1, Number.NaN, -0], d: new Date(0), e: {} , f: [] };
    expect(deepJsonText(odd, 2)).toBe(JSON.stringify(odd, null, 2));
    expect(deepJsonText(undefined, 0)).toBeUndefined();
    const cyclic: AnyRecord = {};
    cyclic.self = cyclic;
    expect(() => deepJsonText(cyclic, 0)).toThrow(TypeError);
    // 100,000 levels: JSON.stringify overflows, jsonText does not, and the text parses back.
    const deep = deepValue(100_000, '__proto__');
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(walkDeep(JSON.parse(jsonText(deep)!), '__proto__')).toEqual({ depth: 100_000, leaf: 'bottom' });
    expectUnpolluted(before);
  });

  it('reads data files in pieces exactly as JSON.parse reads them (fast-check)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-json-read-'));
    made.push(dir);
    const file = join(dir, 'in.json');
    const space = fc.constantFrom('', ' ', '\n', '\r\n  ', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(json, space, space), { maxLength: 8 }), space, fc.boolean(), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), (items, pad, bom, read, parse) => {
        const text = `${bom ? '\uFEFF' : ''}${pad}[${items.map(([v, a, b]) => `${a}${v}${b}`).join(',')}]${pad}`;
        writeFileSync(file, text);
        const expected = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown[];
        expect(readJsonArrayFile(file, { read, parse })).toEqual(expected);
        expectUnpolluted(before);
      }),
      { numRuns: 300 },
    );
    const bad: [string, RegExp][] = [
      ['', /end of JSON/],
      ['[', /end of JSON/],
      ['[1,]', /Unexpected/],
      ['[,1]', /Unexpected/],
      ['[1,,2]', /Unexpected/],
      ['[1 2]', /JSON|Unexpected/],
      ['[{"a":1}', /end of JSON/],
      ['[1] x', /non-whitespace/],
      ['[1}', /Unexpected/],
      ['{"a":1}', /expected a JSON array/],
      ['"text"', /expected a JSON array/],
      ['{', /JSON/],
    ];
    for (const [text, message] of bad) {
      writeFileSync(file, text);
      expect(() => readJsonArrayFile(file, { read: 2, parse: 1 }), text).toThrow(message);
      expect(() => readJsonArrayFile(file), text).toThrow(JsonArrayError);
    }
  });

  it('normalises merge keys of any value without throwing anything but a TypeError', () => {
    fc.assert(
      fc.property(json, (text) => {
        const value = parsed<unknown>(text);
        for (const kind of MERGE_KEY_KINDS) {
          try {
            const k = mergeKey(kind, value);
            expect(k === undefined || typeof k === 'string').toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
          }
        }
        expectUnpolluted(before);
      }),
      { numRuns: 200 },
    );
    // Numbers and their text are one key; a huge integer keeps all its digits as text.
    expect(mergeKey('text', 1)).toBe(mergeKey('text', '1'));
    expect(mergeKey('text', '9007199254740993')).toBe('9007199254740993');
    expect(mergeKey('text', 'a\u0000b')).toBe('a\u0000b');
  });
});

describe('hostile data: REST request bodies', () => {
  it('HubSpot and Tripletex bodies carry hostile keys as own properties', () => {
    const record = parsed<AnyRecord>('{"id":5,"version":2,"properties":{"__proto__":"p","constructor":{"x":1},"name":"n"},"__proto__":{"city":"Oslo"}}');
    const hubspot = changedProperties(record, [p('properties.__proto__'), p('properties.constructor'), p('properties.name')]);
    expect(JSON.parse(JSON.stringify(hubspot))).toEqual(parsed('{"__proto__":"p","constructor":"{\\"x\\":1}","name":"n"}'));
    expect(JSON.stringify(createBody(record).properties)).toBe(JSON.stringify(propertyValues(record.properties)));
    const tripletex = partialBody(record, [p('__proto__.city'), p('properties.__proto__')]);
    expect(JSON.stringify(tripletex)).toBe('{"id":5,"version":2,"__proto__":{"city":"Oslo"},"properties":{"__proto__":"p"}}');
    expectUnpolluted(before);
  });
});

describe('hostile data: generated mappers', () => {
  it('the bundled hubspot-tripletex product flow maps records with hostile keys without reaching a prototype', async () => {
    const { hubspotProductToTripletexProduct: flow } = await import('../../generated/hubspot-tripletex/index.js');
    const properties = parsed('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"name":"Widget","price":"12.5"}');
    const target = flow.toTarget({ properties } as never) as AnyRecord;
    expect(target).toMatchObject({ name: 'Widget', priceExcludingVatCurrency: 12.5 });
    const back = flow.toSource(parsed('{"__proto__":{"polluted":1},"name":"W","constructor":"x"}')) as AnyRecord;
    expect(back).toEqual({ properties: { name: 'W' } });
    expectUnpolluted(before);
  });

  describe('a spec whose property paths are __proto__, constructor and prototype', () => {
    let flow: AnyFlow;
    let moduleText: string;
    beforeAll(async () => {
      const dir = tempProject('hostile-paths');
      mkdirSync(join(dir, 'specs'));
      writeFileSync(join(dir, 'specs', 'hostile-paths.rst'), '');
      await generate({
        specs: 'specs',
        out: 'generated',
        cwd: dir,
        find: async () => [join(dir, 'specs', 'hostile-paths.rst')],
        parse: () => hostilePaths,
      });
      const folder = join(dir, 'generated', 'hostile-paths');
      const mod = (await import(join(folder, 'index.ts'))) as { flows: AnyFlow[] };
      flow = mod.flows[0]!;
      moduleText = readFileSync(join(folder, 'left-thing-to-right-item.ts'), 'utf8');
    }, 120_000);

    it('generates types with the names quoted and code that writes own properties', () => {
      // In a type, `__proto__` is a plain property name; it must never be an object literal key in code.
      expect(moduleText).not.toMatch(/[{,]\s*__proto__\s*:/);
      expect(moduleText).not.toMatch(/Object\.assign|\.\.\.record/);
      const target = flow.toTarget(
        parsed('{"__proto__":{"polluted":"p"},"constructor":{"prototype":{"polluted":"c"},"key":"K"},"name":"N","title":"T","kind":"k","payload":{"__proto__":{"x":1}}}'),
      ) as AnyRecord;
      expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
      expect(own(target, '__proto__')).toBe(true);
      expect(target.safe).toEqual({ fromProto: 'p', fromConstructor: 'c' });
      expect(Object.getOwnPropertyDescriptor(target, '__proto__')!.value).toEqual({ name: 'N', key: 'K' });
      expect(own(target, 'constructor') && target.constructor).toBe('T');
      expect(readPath(target, p('prototype.kind'))).toBe('k');
      expect(own(target.payload, '__proto__')).toBe(true);
      const source = flow.toSource(target) as AnyRecord;
      expect(readPath(source, p('__proto__.polluted'))).toBe('p');
      expect(readPath(source, p('constructor.prototype.polluted'))).toBe('c');
      expect(source.name).toBe('N');
      expect(flow.mergeKeys[0]!.source(parsed('{"constructor":{"key":" K "}}'))).toBe(flow.mergeKeys[0]!.target(parsed('{"__proto__":{"key":"K"}}')));
      expect(flow.mergeKeys[0]!.source({})).toBeUndefined();
      expectUnpolluted(before);
    });

    it('syncs through data folders and the state: hostile keys arrive as own properties, both ways', async () => {
      const w = folders();
      w.write('left', 'thing.json', [
        parsed('{"id":1,"__proto__":{"polluted":"p"},"constructor":{"prototype":{"polluted":"c"},"key":"k1"},"name":"One","payload":{"__proto__":{"polluted":1},"prototype":[1]}}'),
        parsed('{"id":2,"constructor":{"key":"k2"},"name":"Two"}'),
      ]);
      // An item that matches thing 2 by the criterion constructor.key = __proto__.key.
      w.write('right', 'item.json', [parsed('{"id":"r1","__proto__":{"key":"k2","name":"old"},"extra":{"__proto__":{"keep":true}}}')]);
      const first = await w.sync([flow]);
      expect(counts(first.flows[0]!)).toEqual({ created: 1, updated: 2, linked: 1, unchanged: 0, errors: 0 });
      const items = w.read('right', 'item.json');
      expect(items[0]!.__proto__).toEqual({ key: 'k2', name: 'Two' });
      expect(items[0]!.extra).toEqual(parsed('{"__proto__":{"keep":true}}'));
      expect(items[1]).toMatchObject({ safe: { fromProto: 'p', fromConstructor: 'c' } });
      expect(own(items[1]!, '__proto__') && items[1]!.__proto__).toEqual({ name: 'One', key: 'k1' });
      expect(items[1]!.payload).toEqual(parsed('{"__proto__":{"polluted":1},"prototype":[1]}'));
      expect(counts((await w.sync([flow])).flows[0]!)).toEqual({ created: 0, updated: 0, linked: 0, unchanged: 2, errors: 0 });

      // An edit in the target's own __proto__ key goes back to the source's name.
      items[1]!.__proto__ = { name: 'Uno', key: 'k1' };
      w.write('right', 'item.json', items);
      expect(counts((await w.sync([flow])).flows[0]!)).toMatchObject({ updated: 1, errors: 0 });
      expect(w.read('left', 'thing.json')[0]).toMatchObject({ name: 'Uno' });
      expectUnpolluted(before);
    });
  });
});

describe('hostile data: the engine, state and data folders', () => {
  let product: AnyFlow;
  beforeAll(async () => {
    ({ hubspotProductToTripletexProduct: product } = (await import('../../generated/hubspot-tripletex/index.js')) as unknown as { hubspotProductToTripletexProduct: AnyFlow });
  });

  const item = (id: unknown, name: string, extra: AnyRecord = {}) => ({ id, properties: { name, price: '10' }, ...extra });

  it('ids of odd types: each usable id is its own record, an unusable one is reported and skipped', async () => {
    const good: unknown[] = [1, '1', -1, 1.5, 2 ** 53 + 2, 0, '', 'a\u0000b', 'line\nbreak', '客户 😀', ' 1 '];
    const bad: unknown[] = [null, true, false, {}, [], [1], { id: 1 }, Number.NaN];
    const sources = [...good.map((id, i) => item(id, `good ${i}`)), ...bad.map((id, i) => item(id, `bad ${i}`)), { properties: { name: 'no id' } }];
    const left = createMemoryAdapter({ Product: sources as AnyRecord[] });
    const right = createMemoryAdapter();
    const store = openStateStore(':memory:');
    const run = async () => (await runSync([product], { left, right, store, scope: 'hubspot-tripletex' })).flows[0]!;
    const first = await run();
    expect(first.created).toBe(good.length);
    expect(first.errors).toHaveLength(bad.length + 1);
    for (const e of first.errors) expect(e.message).toMatch(/has no id/);
    const names = right.records('Product').map((r) => r.name);
    expect(names).toEqual(good.map((_, i) => `good ${i}`));
    // The state keeps 1 and "1" apart and the huge integer exact: the second run writes nothing.
    const second = await run();
    expect(counts(second)).toEqual({ created: 0, updated: 0, linked: 0, unchanged: good.length, errors: bad.length + 1 });
    // An edit to the record with id "1" reaches its own target, not that of 1.
    (sources[1] as AnyRecord).properties = { name: 'string one', price: '10' };
    const third = await run();
    expect(third.updated).toBe(1);
    expect(right.records('Product').map((r) => r.name).slice(0, 2)).toEqual(['good 0', 'string one']);
    store.close();
    expectUnpolluted(before);
  });

  it('two records with one id are both reported, the rest goes on', async () => {
    const left = createMemoryAdapter({ Product: [item(7, 'a'), item(7, 'b'), item(8, 'c')] });
    const right = createMemoryAdapter();
    const report = (await runSync([product], { left, right, store: openStateStore(':memory:') })).flows[0]!;
    expect(report.created).toBe(2);
    expect(report.errors.map((e) => e.record)).toEqual([7]);
  });

  it('a 10 MB value flows through data folders and the state exactly', async () => {
    const w = folders();
    const huge = `${'x'.repeat(10 * 1024 * 1024 - 3)}\u00e6\u0000\n`;
    w.write('left', 'product.json', [item(1, 'huge', { properties: { name: 'huge', description: huge, price: '1' } }), item(2, 'small')]);
    expect(counts((await w.sync([product])).flows[0]!)).toEqual({ created: 2, updated: 2, linked: 0, unchanged: 0, errors: 0 });
    const products = w.read('right', 'product.json');
    expect(products.map((r) => r.name)).toEqual(['huge', 'small']);
    expect(products[0]!.description === huge).toBe(true);
    expect(counts((await w.sync([product])).flows[0]!)).toEqual({ created: 0, updated: 0, linked: 0, unchanged: 2, errors: 0 });
    expectUnpolluted(before);
  }, 120_000);

  it('a record nested 10,000 levels deep in a field the spec does not map is written back untouched', async () => {
    const w = folders();
    w.write('left', 'product.json', [item(1, 'deep', { notes: deepValue(10_000, '__proto__') }), item(2, 'plain', parsed('{"__proto__":{"polluted":1}}'))]);
    expect(counts((await w.sync([product])).flows[0]!)).toEqual({ created: 2, updated: 2, linked: 0, unchanged: 0, errors: 0 });
    // Target edits go back to the source folder, whose deep record is written back as it was.
    const products = w.read('right', 'product.json');
    products[0]!.name = 'deeper';
    products[1]!.name = 'renamed';
    w.write('right', 'product.json', products);
    expect(counts((await w.sync([product])).flows[0]!)).toMatchObject({ updated: 2, errors: 0 });
    const sources = w.read('left', 'product.json');
    expect(sources[1]).toMatchObject({ properties: { name: 'renamed' } });
    expect(own(sources[1]!, '__proto__')).toBe(true);
    expect(sources[0]).toMatchObject({ properties: { name: 'deeper' } });
    expect(walkDeep(sources[0]!.notes, '__proto__')).toEqual({ depth: 10_000, leaf: 'bottom' });
    expectUnpolluted(before);
  }, 120_000);

  it('a mapped value nested 10,000 levels deep is reported for its record and the rest goes on; the dry-run plan and report stay JSON', async () => {
    const { flows } = await hostileFlows();
    const w = folders();
    w.write('left', 'thing.json', [
      { id: 1, name: 'deep', payload: deepValue(10_000) },
      { id: 2, name: 'fine', payload: { a: [1, 2] } },
    ]);
    const dry = await w.sync(flows, { dryRun: true });
    const flowReport = dry.flows[0]!;
    expect(JSON.parse(JSON.stringify(dry))).toBeTruthy();
    expect(flowReport.errors.map((e) => e.record)).toEqual([1]);
    expect(flowReport.errors[0]!.message).toMatch(/nested|deep/);
    expect(flowReport.plan!.creates.map((c) => c.record)).toEqual([2]);
    const real = await w.sync(flows);
    expect(counts(real.flows[0]!)).toEqual({ created: 1, updated: 1, linked: 0, unchanged: 0, errors: 1 });
    expect(w.read('right', 'item.json').map((r) => r.payload)).toEqual([{ a: [1, 2] }]);
    // The source's deep record is kept as it was.
    expect(walkDeep(w.read('left', 'thing.json')[0]!.payload)).toEqual({ depth: 10_000, leaf: 'bottom' });
    expectUnpolluted(before);
  }, 120_000);

  it('stores coverage and reports for runs over hostile records', async () => {
    const { flows } = await hostileFlows();
    const left = createMemoryAdapter({ Thing: [pollutingPayload(), { ...pollutingPayload(), id: 'x' }] as AnyRecord[] });
    (left.records('Thing')[0] as AnyRecord).id = 1;
    const right = createMemoryAdapter();
    const store = openStateStore(':memory:');
    const report = await runSync(flows, { left, right, store });
    expect(report.flows[0]!.created).toBe(2);
    // Coverage counts the rows the hostile records exercised; nothing of the records' keys enters it.
    const coverage = store.loadCoverage('').get(flows[0]!.id)!;
    expect(coverage.get('row:to-target:__proto__.polluted -> safe.fromProto')).toBe(2);
    expect(coverage.get('row:to-target:constructor.prototype.polluted -> safe.fromConstructor')).toBe(2);
    expect(coverage.get('decision:created: no link and no match')).toBe(2);
    expect(right.records('Item').map((r) => r.safe)).toEqual([
      { fromProto: 'top', fromConstructor: 'ctor' },
      { fromProto: 'top', fromConstructor: 'ctor' },
    ]);
    expect(right.records('Item').every((r) => Object.getPrototypeOf(r) === Object.prototype)).toBe(true);
    expectUnpolluted(before);
  });
});

let hostileFlowsCache: Promise<{ flows: AnyFlow[] }> | undefined;
function hostileFlows() {
  hostileFlowsCache ??= (async () => {
    const dir = tempProject('hostile-paths-engine');
    mkdirSync(join(dir, 'specs'));
    writeFileSync(join(dir, 'specs', 'hostile-paths.rst'), '');
    await generate({ specs: 'specs', out: 'generated', cwd: dir, find: async () => [join(dir, 'specs', 'hostile-paths.rst')], parse: () => hostilePaths });
    return (await import(join(dir, 'generated', 'hostile-paths', 'index.ts'))) as { flows: AnyFlow[] };
  })();
  return hostileFlowsCache;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  expectUnpolluted(before);
});

/** Two data folders and a state file in a temporary folder. */
function folders() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-hostile-'));
  made.push(dir);
  mkdirSync(join(dir, 'left'));
  mkdirSync(join(dir, 'right'));
  const state = join(dir, 'state.db');
  return {
    write: (side: string, file: string, records: unknown[]) => writeFileSync(join(dir, side, file), serialise(records)),
    read: (side: string, file: string) => JSON.parse(readFileSync(join(dir, side, file), 'utf8')) as AnyRecord[],
    async sync(flows: readonly AnyFlow[], options: { dryRun?: boolean } = {}) {
      const left: SystemAdapter = createFolderAdapter(join(dir, 'left'));
      const right: SystemAdapter = createFolderAdapter(join(dir, 'right'));
      const store = openStateStore(state);
      try {
        const report = await runSync(flows, { left, right, store, dryRun: options.dryRun ?? false });
        if (!options.dryRun) {
          left.flush?.();
          right.flush?.();
        }
        return report;
      } finally {
        store.close();
      }
    },
  };
}

/** JSON of records that may be nested deeper than JSON.stringify goes (test data only: objects of one key). */
function serialise(records: unknown[]): string {
  return `[${records.map((r) => serialiseValue(r)).join(',')}]`;
}
function serialiseValue(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    // Deep chains of one-key objects, as deepValue makes them.
    const record = value as AnyRecord;
    const parts: string[] = [];
    for (const k of Object.keys(record)) {
      const v = record[k];
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1) {
        const key = Object.keys(v)[0]!;
        const { depth, leaf } = walkDeep(v, key);
        parts.push(`${JSON.stringify(k)}:${`{${JSON.stringify(key)}:`.repeat(depth)}${JSON.stringify(leaf)}${'}'.repeat(depth)}`);
      } else parts.push(`${JSON.stringify(k)}:${serialiseValue(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
}
