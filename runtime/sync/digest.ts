/**
 * A 53-bit digest of a linked pair's mapped values, stored with the link so
 * that an unchanged pair costs one read per property and no allocation: the
 * per-property last-synced values are only read when the digest differs.
 * Values hash as their canonical form does (sorted keys, null = absent), so
 * equal canonical values give equal digests. A collision (about 1 in 2^53 per
 * changed pair) would make a change wait for the next edit of that pair.
 */
import type { AnyRecord } from '../flow.js';
import { DeepValueError, MAX_NESTING } from './canonical.js';
import type { FlowPlan, SidePaths } from './flow-plan.js';

let h1 = 0;
let h2 = 0;

function feed(code: number): void {
  h1 = Math.imul(h1 ^ code, 2654435761);
  h2 = Math.imul(h2 ^ code, 1597334677);
}

function feedString(text: string): void {
  // Locals in the loop: this is the hot path of an unchanged re-sync.
  let a = Math.imul(h1 ^ text.length, 2654435761);
  let b = Math.imul(h2 ^ text.length, 1597334677);
  // Two UTF-16 units per step (the length, fed first, tells an odd end apart).
  const even = text.length & ~1;
  for (let i = 0; i < even; i += 2) {
    const code = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ code, 2654435761);
    b = Math.imul(b ^ code, 1597334677);
  }
  if (even < text.length) {
    const code = text.charCodeAt(even);
    a = Math.imul(a ^ code, 2654435761);
    b = Math.imul(b ^ code, 1597334677);
  }
  h1 = a;
  h2 = b;
}

function feedValue(value: unknown, depth = 0): void {
  switch (typeof value) {
    case 'string':
      feed(1);
      feedString(value);
      return;
    case 'number':
      if (!Number.isFinite(value)) return feed(0);
      feed(2);
      // Small integers directly (0 and -0 alike, as their canonical text is); others by their text.
      if ((value | 0) === value) feed(value);
      else feedString(String(value));
      return;
    case 'boolean':
      return feed(value ? 3 : 4);
    case 'bigint':
      feed(1);
      feedString(String(value));
      return;
    case 'object':
      if (value === null) return feed(0);
      // As deep as canonical() goes: a value it refuses has no digest either.
      if (depth >= MAX_NESTING) throw new DeepValueError();
      if (Array.isArray(value)) {
        feed(5);
        feed(value.length);
        for (const element of value) feedValue(element, depth + 1);
        return;
      }
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) return feed(0);
        feed(1);
        feedString(value.toISOString());
        return;
      }
      feed(6);
      for (const key of Object.keys(value).sort()) {
        const field = (value as AnyRecord)[key];
        if (field === undefined) continue;
        feedString(key);
        feedValue(field, depth + 1);
      }
      feed(7);
      return;
    default:
      return feed(0);
  }
}

function start(): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
}

function finish(): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export type PairDigest = (source: AnyRecord, target: AnyRecord) => number;

const digesters = new WeakMap<FlowPlan, PairDigest>();

/**
 * The flow's pair digest as one function with a call site per path (the
 * readers in straight-line code rather than a loop over them), so the engine
 * can inline each reader; get it once per flow, it runs once per linked pair.
 */
export function pairDigester(plan: FlowPlan): PairDigest {
  let digest = digesters.get(plan);
  if (!digest && plan.source.readers.length + plan.target.readers.length > COMPILED_PATHS) {
    // A flow of thousands of rows: one statement per path would be a function too large to optimise.
    digest = loopDigest(plan);
    digesters.set(plan, digest);
  }
  if (!digest) {
    const calls = (side: SidePaths, prefix: string, record: string) =>
      // Strings (most values) inline; anything else through feedValue.
      side.readers
        .map((_, i) => `v = ${prefix}${i}(${record});\nif (typeof v === 'string') { feed(1); feedString(v); } else feedValue(v);`)
        .join('\n');
    // Readers come in as two arrays (not one parameter each: a function takes at most 65,535, and a
    // call spreading 100,000 would overflow the stack), bound to constants so each call site is fixed.
    const bind = (side: SidePaths, prefix: string, from: string) => side.readers.map((_, i) => `const ${prefix}${i} = ${from}[${i}];`).join('\n');
    const body =
      `${bind(plan.source, 's', 'S')}\n${bind(plan.target, 't', 'T')}\n` +
      `return function pairDigest(source, target) {\nlet v;\nstart();\n${calls(plan.source, 's', 'source')}\nfeed(8);\n${calls(plan.target, 't', 'target')}\nreturn finish();\n};`;
    digest = new Function('start', 'feed', 'feedString', 'feedValue', 'finish', 'S', 'T', body)(
      start,
      feed,
      feedString,
      feedValue,
      finish,
      plan.source.readers,
      plan.target.readers,
    ) as PairDigest;
    digesters.set(plan, digest);
  }
  return digest;
}

/** Up to this many paths the digest is straight-line code; beyond, a loop (same values, same digest). */
const COMPILED_PATHS = 512;

function loopDigest(plan: FlowPlan): PairDigest {
  const sources = plan.source.readers;
  const targets = plan.target.readers;
  return (source, target) => {
    start();
    for (const read of sources) feedValue(read(source));
    feed(8);
    for (const read of targets) feedValue(read(target));
    return finish();
  };
}

export function pairDigest(plan: FlowPlan, source: AnyRecord, target: AnyRecord): number {
  return pairDigester(plan)(source, target);
}
