import { describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

describe('dataflow check', () => {
  it('exits 0 on an up-to-date tree and 1 listing stale, missing and orphaned files', () => {
    const dir = tempProject('cli-check');
    for (const spec of ['invoiced-crmoffice.rst', 'crmoffice-invoiced.rst'])
      cpSync(join(projectRoot, 'specs', spec), join(dir, 'specs', spec));
    expect(dataflow(dir, 'check').status).toBe(1);
    expect(dataflow(dir, 'generate').status).toBe(0);
    const clean = dataflow(dir, 'check');
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);

    appendFileSync(join(dir, 'generated', 'invoiced-crmoffice', 'index.ts'), '// edited\n');
    rmSync(join(dir, 'generated', 'invoiced-crmoffice', 'invoiced-items-to-crmoffice-companies.ts'));
    rmSync(join(dir, 'specs', 'crmoffice-invoiced.rst'));
    writeFileSync(join(dir, 'generated', 'mine.ts'), 'export {};\n');
    const result = dataflow(dir, 'check');
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'stale: generated/invoiced-crmoffice/index.ts',
      'stale: generated/manifest.json',
      'missing: generated/invoiced-crmoffice/invoiced-items-to-crmoffice-companies.ts',
      'orphaned: generated/crmoffice-invoiced/index.ts',
    ]);
    expect(result.stderr).toContain('run `dataflow generate`');
  });
});
