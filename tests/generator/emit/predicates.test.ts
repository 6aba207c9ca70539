import { describe, expect, it } from 'vitest';
import { appendStubs, createPredicatesFile, missingPredicates } from '../../../generator/emit/predicates.js';
import type { PredicateStub } from '../../../generator/model/spec-model.js';

const stub = (name: string): PredicateStub => ({
  name,
  flowTitle: `${name} flow`,
  specRef: 'specs/x.rst:10',
  sentence: 'When a Deal is won',
  moduleLiteral: `'../generated/x/a-to-b.js'`,
  module: '../generated/x/a-to-b.js',
  sourceType: 'ARecord',
});

describe('predicates file', () => {
  it('starts with the runtime imports and one notWritten stub per flow', () => {
    const text = createPredicatesFile('specs/x.rst', [stub('shouldCreateA'), stub('shouldCreateB')]);
    expect(text).toContain(`import { notWritten } from 'dataflow/runtime';`);
    expect(text).toContain(`export const shouldCreateA: CreationPredicate<import('../generated/x/a-to-b.js').ARecord> = notWritten;`);
    expect(text).toContain(`export const shouldCreateB:`);
  });

  it('finds what is missing, however the user exported the rest', async () => {
    const user = [
      `export function shouldCreateA(record: unknown) { return true; }`,
      `const b = () => false;`,
      `export { b as shouldCreateB };`,
    ].join('\n');
    const missing = await missingPredicates(user, [stub('shouldCreateA'), stub('shouldCreateB'), stub('shouldCreateC')]);
    expect(missing.map((s) => s.name)).toEqual(['shouldCreateC']);
  });

  it('appends new stubs and the imports they need, keeping every byte the user wrote', async () => {
    const user = `// my notes\nimport { thing } from './mine.js';\n\nexport const shouldCreateA = (r: unknown) => thing(r);\n`;
    const out = await appendStubs(user, [stub('shouldCreateC')]);
    const added = [
      `import { notWritten } from 'dataflow/runtime';\n`,
      `import type { CreationPredicate } from 'dataflow/runtime';\n`,
    ].join('');
    const cut = user.indexOf('\n\n') + 1;
    expect(out.startsWith(user.slice(0, cut) + added + user.slice(cut))).toBe(true);
    expect(out).toContain('export const shouldCreateC: CreationPredicate<');
  });
});
