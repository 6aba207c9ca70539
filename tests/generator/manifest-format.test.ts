import { describe, expect, it } from 'vitest';
import { formatManifest, type Manifest } from '../../generator/manifest.js';

/** The manifest text as it was defined: keys sorted, JSON.stringify with two spaces, final newline. */
function reference(manifest: Manifest): string {
  const sorted = <T>(record: Record<string, T>) => Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));
  const specs = sorted(
    Object.fromEntries(
      Object.entries(manifest.specs).map(([slug, e]) => [
        slug,
        { spec: e.spec, sha256: e.sha256, files: sorted(Object.fromEntries(Object.entries(e.files).map(([p, f]) => [p, { sha256: f.sha256, bytes: f.bytes }]))), predicates: [...e.predicates] },
      ]),
    ),
  );
  return `${JSON.stringify({ specs, files: sorted(manifest.files) }, null, 2)}\n`;
}

describe('formatManifest', () => {
  it('writes what JSON.stringify writes, also when entries are reused from an earlier call (watch) and for empty parts', () => {
    const entry = (n: number) => ({
      spec: `specs/s-${n}.rst`,
      sha256: 'a'.repeat(64),
      files: { [`s-${n}/z.ts`]: { sha256: 'b'.repeat(64), bytes: n }, [`s-${n}/a.ts`]: { sha256: 'c'.repeat(64), bytes: 2 * n } },
      predicates: n % 2 === 0 ? [] : ['shouldCreateX', 'shouldCreate"Quoted"\u2028'],
    });
    const manifest: Manifest = { specs: { 's-2': entry(2), 's-1': entry(1), 'é\n': entry(3) }, files: { 'tests-2.test.ts': { sha256: 'd'.repeat(64), bytes: 9 }, 'tests-1.test.ts': { sha256: 'e'.repeat(64), bytes: 8 } } };
    expect(formatManifest(manifest)).toBe(reference(manifest));
    // Again with one entry replaced: the reused ones keep their text, the new one is formatted.
    const next: Manifest = { specs: { ...manifest.specs, 's-1': { ...entry(1), sha256: 'f'.repeat(64) } }, files: {} };
    expect(formatManifest(next)).toBe(reference(next));
    expect(formatManifest({ specs: {}, files: {} })).toBe(reference({ specs: {}, files: {} }));
    const noFiles: Manifest = { specs: { x: { spec: 'x.rst', sha256: 'g', files: {}, predicates: [] } }, files: {} };
    expect(formatManifest(noFiles)).toBe(reference(noFiles));
  });
});
