import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

describe('dataflow generate', () => {
  it('generates specs/ into generated/ by default, then has nothing to do', () => {
    const dir = tempProject('cli-generate');
    cpSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'invoiced-crmoffice.rst'));
    const first = dataflow(dir, 'generate');
    expect(first.stderr).toMatch(/1 spec \(1 rendered, 0 unchanged\)/);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(readFileSync(join(dir, 'generated', 'invoiced-crmoffice', 'index.ts'), 'utf8')).toContain(
      '// @generated from specs/invoiced-crmoffice.rst (sha256:',
    );
    const second = dataflow(dir, 'generate');
    expect(second.stderr).toMatch(/0 files written, 0 removed/);
  });

  it('takes --specs, --out and --predicates', () => {
    const dir = tempProject('cli-generate-options');
    cpSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), join(dir, 'in', 'hubspot-tripletex.rst'));
    const result = dataflow(dir, 'generate', '--specs', 'in', '--out', 'out', '--predicates', 'src/rules');
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'src', 'rules', 'hubspot-tripletex.ts'))).toBe(true);
    expect(existsSync(join(dir, 'out', 'hubspot-tripletex', 'predicates.ts'))).toBe(false);
    expect(result.stderr).toContain('src/rules/hubspot-tripletex.ts: created for');
    expect(readFileSync(join(dir, 'out', 'hubspot-tripletex', 'hubspot-deal-to-tripletex-order.ts'), 'utf8')).toContain(
      `import { shouldCreateHubspotDealToTripletexOrder } from '../../src/rules/hubspot-tripletex.js';`,
    );
    const inside = dataflow(dir, 'generate', '--specs', 'in', '--out', 'out', '--predicates', 'out/rules');
    expect(inside.stderr).toMatch(/the predicates folder out\/rules is inside the output folder out/);
    expect(inside.status).toBe(2);
  });

  it('exits 1, writing nothing, when two specs would generate into one folder', () => {
    const dir = tempProject('cli-generate-conflict');
    cpSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'x.rst'));
    writeFileSync(join(dir, 'specs', 'x.md'), '# X to Y Dataflow\n');
    for (const command of ['generate', 'check']) {
      const result = dataflow(dir, command);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^dataflow: specs\/x\.(rst|md) and specs\/x\.(rst|md) would both generate generated\/x\/; rename one of them$/m);
    }
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('exits 2 for a specs folder that does not exist', () => {
    const dir = tempProject('cli-generate-usage');
    const result = dataflow(dir, 'generate', '--specs', 'nowhere');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no such specs folder or file: nowhere');
  });

  it('exits 1 with positioned diagnostics for a spec with errors, still generating the rest', () => {
    const dir = tempProject('cli-generate-errors');
    cpSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'invoiced-crmoffice.rst'));
    writeFileSync(join(dir, 'specs', 'empty.rst'), '');
    const result = dataflow(dir, 'generate');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^specs\/empty\.rst:1:1: error: .+ \[[a-z-]+\]$/m);
    expect(existsSync(join(dir, 'generated', 'invoiced-crmoffice', 'index.ts'))).toBe(true);
    // Nothing is rendered from the broken spec.
    expect(existsSync(join(dir, 'generated', 'empty'))).toBe(false);
    // The summary counts it apart: it was neither rendered nor unchanged.
    expect(result.stderr).toContain('generate: 2 specs (1 rendered, 0 unchanged, 1 with errors)');
    expect(dataflow(dir, 'generate').stderr).toContain('generate: 2 specs (0 rendered, 1 unchanged, 1 with errors)');
    const checked = dataflow(dir, 'check');
    expect(checked.status).toBe(1);
    expect(checked.stderr.trimEnd().split('\n').at(-1)).toBe('check: 1 of 2 specs with errors (nothing is generated from them)');
    rmSync(join(dir, 'specs', 'empty.rst'));
    expect(dataflow(dir, 'generate').stderr).toContain('generate: 1 spec (0 rendered, 1 unchanged)');
  });
});
