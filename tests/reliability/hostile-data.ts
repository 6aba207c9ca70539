/**
 * Hostile record data for the reliability tests: records with `__proto__`,
 * `constructor` and `prototype` keys as JSON.parse makes them (own
 * properties), ids of odd types, huge strings and deep nesting, plus a check
 * that no prototype was touched.
 */
import type { Document } from '../../generator/ir.js';
import type { AnyRecord } from '../../runtime/index.js';
import { ref } from '../fixtures/generate/hand-made.js';

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'] as const;

/** JSON text to a value: the only way a record gets an own property named `__proto__`. */
export const parsed = <T = AnyRecord>(text: string): T => JSON.parse(text) as T;

/** A record whose hostile keys try to reach Object.prototype at the top level and nested. */
export function pollutingPayload(): AnyRecord {
  return parsed(
    '{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},"prototype":{"polluted":"proto"},' +
      '"nested":{"__proto__":{"polluted":"nested"},"constructor":{"prototype":{"polluted":"nested-ctor"}}},' +
      '"list":[{"__proto__":{"polluted":"in-list"}}]}',
  );
}

const PROTOTYPES: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
];

/** The own property names of the built-in prototypes, to compare before and after. */
export function prototypeShape(): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  for (const [name, proto] of PROTOTYPES) shape[name] = Reflect.ownKeys(proto).map(String).sort();
  shape['Object.getPrototypeOf({})'] = [String(Object.getPrototypeOf({}) === Object.prototype)];
  return shape;
}

/** Throws when anything reached a prototype. */
export function expectUnpolluted(before: Record<string, string[]>): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined) {
    throw new Error(`a prototype was polluted: ({}).polluted is ${String(probe.polluted)}`);
  }
  const after = prototypeShape();
  for (const key of Object.keys(before)) {
    if (before[key]!.join('\n') !== after[key]!.join('\n')) throw new Error(`${key} changed: ${after[key]!.filter((k) => !before[key]!.includes(k)).join(', ')}`);
  }
}

/** An object nested `depth` levels deep under `key`, built without recursion. */
export function deepValue(depth: number, key = 'a', leaf: unknown = 'bottom'): AnyRecord {
  const root: AnyRecord = {};
  let node = root;
  // defineProperty: an assignment to `__proto__` would set the prototype instead.
  const put = (container: AnyRecord, value: unknown) => Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
  for (let i = 1; i < depth; i++) {
    const child: AnyRecord = {};
    put(node, child);
    node = child;
  }
  put(node, leaf);
  return root;
}

/** The depth of a value like `deepValue` makes, and its leaf, walked without recursion. */
export function walkDeep(value: unknown, key = 'a'): { depth: number; leaf: unknown } {
  let depth = 0;
  let node = value;
  while (typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, key)) {
    node = (node as AnyRecord)[key];
    depth++;
  }
  return { depth, leaf: node };
}

/**
 * A spec whose property paths are named `__proto__`, `constructor` and
 * `prototype`, on both sides, with a pass-through row for nested values.
 */
export const hostilePaths: Document = {
  file: 'specs/hostile-paths.rst',
  title: 'Left to Right Dataflow',
  sourceSystem: 'Left',
  targetSystem: 'Right',
  generatedAt: null,
  diagnostics: [],
  flows: [
    {
      title: 'Left Thing to Right Item',
      line: 10,
      source: { label: 'Left Thing', system: 'Left', entity: 'Thing' },
      target: { label: 'Right Item', system: 'Right', entity: 'Item' },
      requiresLink: false,
      trigger: null,
      createWhenConnectedTo: null,
      connectedTo: null,
      sentenceLines: {},
      mergeCriteria: [{ source: ref('constructor.key'), target: ref('__proto__.key'), line: 11 }],
      properties: [
        { source: ref('__proto__.polluted'), target: ref('safe.fromProto'), type: { raw: '"string"', kind: 'string' }, line: 11 },
        { source: ref('constructor.prototype.polluted'), target: ref('safe.fromConstructor'), type: { raw: '"string"', kind: 'string' }, line: 12 },
        { source: ref('name'), target: ref('__proto__.name'), type: { raw: '"string"', kind: 'string' }, line: 13 },
        { source: ref('title'), target: ref('constructor'), type: { raw: '"string"', kind: 'string' }, line: 14 },
        { source: ref('kind'), target: ref('prototype.kind'), type: { raw: '"string"', kind: 'string' }, line: 15 },
        { source: ref('payload'), target: ref('payload'), type: { raw: '', kind: 'any' }, line: 16 },
        { source: ref('constructor.key'), target: ref('__proto__.key'), type: { raw: '"string"', kind: 'string' }, line: 17 },
      ],
    },
  ],
};
