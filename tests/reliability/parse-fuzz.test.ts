import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../generator/parse.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';
import { size } from './long.js';

/**
 * Seeded mutations of real documents (../shared/corpus): lines dropped,
 * duplicated, re-indented, truncated, bytes flipped, encodings mixed, huge
 * tables and cells. The parser must answer each with diagnostics, never an
 * exception, and the command line with exit 0 or 1, never a stack trace or
 * exit 2. Long run: `npm run test:long` (DATAFLOW_FUZZ_CASES to choose how many).
 */
const CORPUS = join(projectRoot, '..', 'shared', 'corpus', 'latest');
const CASES = Number(process.env.DATAFLOW_FUZZ_CASES ?? size(300, 10000));
const SEED = Number(process.env.DATAFLOW_FUZZ_SEED ?? 12);

/** mulberry32: a small seeded generator, so a failing case is reproduced by its seed and number. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (bytes: Buffer, rnd: () => number) => Buffer;
const pick = <T,>(items: readonly T[], rnd: () => number) => items[Math.floor(rnd() * items.length)]!;
const lines = (bytes: Buffer) => bytes.toString('latin1').split('\n');
const join1 = (parts: string[]) => Buffer.from(parts.join('\n'), 'latin1');
const at = (n: number, rnd: () => number) => Math.floor(rnd() * Math.max(n, 1));

const MUTATIONS: Record<string, Mutation> = {
  dropLines: (b, r) => join1(lines(b).filter(() => r() > 0.1)),
  duplicateLines: (b, r) => join1(lines(b).flatMap((l) => (r() < 0.1 ? [l, l] : [l]))),
  reindent: (b, r) => join1(lines(b).map((l) => (r() < 0.15 ? `${' '.repeat(at(8, r))}${l.trimStart()}` : l))),
  tabs: (b, r) => join1(lines(b).map((l) => (r() < 0.1 ? l.replace(/^ +/, '\t') : l))),
  truncate: (b, r) => b.subarray(0, at(b.length, r)),
  flipBytes: (b, r) => {
    const copy = Buffer.from(b);
    for (let i = 0; i < 1 + at(20, r); i++) copy[at(copy.length, r)] = at(256, r);
    return copy;
  },
  mixEncodings: (b, r) => {
    // A run of the document re-encoded as UTF-16 or Latin-1 inside UTF-8, or a BOM in the middle.
    const text = b.toString('utf8');
    const from = at(text.length, r);
    const to = Math.min(text.length, from + at(400, r));
    const middle = pick(['utf16le', 'latin1', 'bom'] as const, r);
    const encoded = middle === 'bom' ? Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe]) : Buffer.from(text.slice(from, to), middle);
    return Buffer.concat([Buffer.from(text.slice(0, from)), encoded, Buffer.from(text.slice(to))]);
  },
  crlf: (b, r) => join1(lines(b).map((l) => (r() < 0.3 ? `${l}\r` : r() < 0.1 ? `${l}\r\r` : l))),
  // Capped in bytes: after hugeCell the repeated row may be 200 KB, and 3,500 copies of it would pass V8's longest string.
  hugeTable: (b, r) => growTable(b, 500 + at(3000, r), 24 << 20),
  hugeCell: (b, r) => {
    const ls = lines(b);
    const row = ls.findIndex((l) => /^\s+\* - /.test(l));
    if (row < 0) return b;
    ls[row] = `${ls[row]}${'x'.repeat(1000 + at(200_000, r))}`;
    return join1(ls);
  },
  controlCharacters: (b, r) => join1(lines(b).map((l) => (r() < 0.05 ? `${l}\u0000\u0007\u001b[31m` : l))),
  nesting: (b, r) => join1(lines(b).flatMap((l) => (r() < 0.02 ? [l, '   '.repeat(at(60, r)) + '* - ' + '('.repeat(at(500, r))] : [l]))),
  directives: (b, r) => join1(lines(b).flatMap((l) => (r() < 0.03 ? [pick(['.. list-table::', '.. ', '   :header-rows: x', '::', '====', '`', '**', '|'], r), l] : [l]))),
};

/** The document with its first table row repeated `copies` times (fewer if the copies would pass `maxBytes`). */
function growTable(b: Buffer, copies: number, maxBytes = Infinity): Buffer {
  const ls = lines(b);
  const row = ls.findIndex((l) => /^\s+\* - /.test(l));
  if (row < 0) return b;
  const block = ls.slice(row, row + 3);
  const out = ls.slice(0, row);
  const blockBytes = block.reduce((sum, l) => sum + l.length + 1, 0);
  const fitting = Math.min(copies, Math.max(1, Math.floor(maxBytes / blockBytes)));
  for (let i = 0; i < fitting; i++) for (const l of block) out.push(l.replace(/(\w)$/, `$1${i}`));
  for (const l of ls.slice(row)) out.push(l);
  return join1(out);
}

function corpus(): { name: string; bytes: Buffer }[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.rst'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(CORPUS, name)) }));
}

function mutate(bytes: Buffer, rnd: () => number): { bytes: Buffer; applied: string[] } {
  const names = Object.keys(MUTATIONS);
  const applied: string[] = [];
  let out = bytes;
  for (let i = 0; i < 1 + at(3, rnd); i++) {
    const name = pick(names, rnd);
    applied.push(name);
    out = MUTATIONS[name]!(out, rnd);
  }
  return { bytes: out, applied };
}

describe('the parser on mutated real documents', () => {
  const docs = corpus();

  it(`answers ${CASES} seeded mutations with diagnostics, never an exception`, () => {
    const rnd = random(SEED);
    const kinds = new Map<string, number>();
    for (let n = 0; n < CASES; n++) {
      const doc = pick(docs, rnd);
      const { bytes, applied } = mutate(doc.bytes, rnd);
      for (const a of applied) kinds.set(a, (kinds.get(a) ?? 0) + 1);
      let result;
      try {
        result = parseSpecText(doc.name, bytes);
      } catch (error) {
        throw new Error(`case ${n} (seed ${SEED}) ${doc.name} [${applied.join(', ')}]: ${(error as Error).stack}`);
      }
      for (const d of result.diagnostics) {
        expect(d.code, `case ${n} ${doc.name} [${applied.join(', ')}]`).not.toBe('internal-error');
        expect(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1).toBe(true);
      }
    }
    console.log(`fuzz: ${CASES} cases (seed ${SEED}) over ${docs.length} documents: ${JSON.stringify(Object.fromEntries(kinds))}`);
  }, 3_600_000);

  it('through the command line: exit 0 or 1, a diagnostic per problem, no stack trace', () => {
    const dir = tempProject('parse-fuzz-cli');
    const specs = join(dir, 'specs');
    mkdirSync(specs);
    const rnd = random(SEED + 1);
    for (let n = 0; n < 60; n++) {
      const doc = pick(docs, rnd);
      writeFileSync(join(specs, `case-${n}-${doc.name}`), mutate(doc.bytes, rnd).bytes);
    }
    const result = spawnSync(process.execPath, [join(projectRoot, 'bin', 'dataflow.js'), 'parse', specs], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect([0, 1]).toContain(result.status);
    expect(result.stderr).not.toMatch(/internal|\n\s+at .+:\d+:\d+|Maximum call stack/);
    for (const line of result.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^.+:\d+:\d+: (error|warning|info): .+ \[[a-z0-9-]+\]$/);
  }, 120_000);

  it('takes time in proportion to the size (a table 4 times as long takes about 4 times as long)', () => {
    const doc = docs.find((d) => d.bytes.length > 8000) ?? docs[0]!;
    const grown = (copies: number) => growTable(doc.bytes, copies);
    const time = (bytes: Buffer) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        // CPU time, not wall time: on a shared machine other processes stretch the wall clock of one
        // size more than the other, while the work this process does stays what it is.
        const start = process.cpuUsage();
        parseSpecText(doc.name, bytes);
        const used = process.cpuUsage(start);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    const small = grown(3000);
    const large = grown(12000);
    time(small); // warm up
    const ratio = time(large) / time(small);
    const sizes = large.length / small.length;
    console.log(`fuzz: parse time ratio ${ratio.toFixed(1)} for a size ratio of ${sizes.toFixed(1)}`);
    // Quadratic would be about 50; a generous bound for a shared, noisy machine.
    expect(ratio).toBeLessThan(sizes * 2.5);
  }, 120_000);
});
