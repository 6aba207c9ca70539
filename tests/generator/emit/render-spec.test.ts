import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSpec } from '../../../generator/emit/render-spec.js';
import { createSpecView } from '../../../generator/model/spec-model.js';
import { handMade } from '../../fixtures/generate/hand-made.js';

const expectedDir = fileURLToPath(new URL('../../fixtures/generate/hand-made/expected/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function render() {
  const view = createSpecView({ document: handMade, specPath: 'specs/hand-made.rst', hash: '0'.repeat(64), slug: 'hand-made', predicates: { file: 'predicates/hand-made.ts', module: '../../predicates/hand-made.js', toOutput: '../generated/hand-made' } }, '0.0.0');
  return renderSpec(view);
}

describe('rendering the hand-made spec', () => {
  const files = render();

  it('matches the golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
    for (const [path, text] of files) {
      // Stored as .txt so the project's tsc and vitest leave the goldens alone.
      const golden = join(expectedDir, `${path}.txt`);
      if (update) {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, text);
      }
      expect(existsSync(golden), `${golden} missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(text).toBe(readFileSync(golden, 'utf8'));
    }
    expect(readdirSync(join(expectedDir, 'hand-made')).sort()).toEqual([...files.keys()].map((p) => `${p.split('/')[1]}.txt`).sort());
  });

  it('is byte-identical when rendered again', () => {
    expect([...render()]).toEqual([...files]);
  });

  it('writes LF, no trailing blanks, a final newline, no absolute paths, no dates', () => {
    for (const text of files.values()) {
      expect(text).not.toContain('\r');
      expect(text).not.toMatch(/[ \t]+\n/);
      expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
      expect(text).not.toContain(process.cwd());
      // Sample values hold dates; the banner, the only per-run place, must not.
      expect(text.split('\n').slice(0, 2).join('\n')).not.toMatch(/\d{4}-\d\d-\d\d/);
    }
  });

  it('banners every file and ends each flow doc with its spec line', () => {
    // index.ts carries the spec's hash; each flow module the hash of its own flow, so updates elsewhere leave it alone.
    for (const [path, text] of files) {
      const provenance = text.split('\n')[1];
      if (path.endsWith('/index.ts')) expect(provenance).toBe('// @generated from specs/hand-made.rst (sha256:0000000000000000)');
      else expect(provenance).toMatch(/^\/\/ @generated from specs\/hand-made\.rst:\d+ \(flow sha256:[0-9a-f]{16}\)$/);
    }
    expect(files.get('hand-made/hubspot-deal-to-tripletex-order-2.ts')).toContain(' * @generated from specs/hand-made.rst:70\n */');
  });
});
