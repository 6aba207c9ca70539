import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { WORKFLOW_TEXT } from '../../generator/init/files.js';
import { fileTree } from '../fixtures/generate/file-tree.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

describe('dataflow init', () => {
  it("writes the workflow the README's CI recipe shows (the pack-install test runs its commands)", () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    const recipe = /### CI recipe[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(recipe).toBeDefined();
    expect(WORKFLOW_TEXT).toContain(recipe);
  });

  it('sets up a new project: config, specs/, npm scripts, tsconfig, .gitignore and a CI workflow; a second run changes nothing', () => {
    const dir = tempProject('init-new');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'crm-sync', version: '1.0.0', scripts: { test: 'echo "Error: no test specified" && exit 1' } }, null, 4));
    const first = dataflow(dir, 'init');
    expect(first.status).toBe(0);
    expect([...fileTree(dir).keys()].sort()).toEqual(['.github/workflows/dataflow.yml', '.gitignore', 'dataflow.config.ts', 'package.json', 'specs/README.md', 'tsconfig.json']);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'crm-sync', type: 'module', scripts: { generate: 'dataflow generate', check: 'dataflow check', test: 'vitest run' } });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toMatch(/^\{\n {4}"name"/);
    expect(first.stderr).toContain('init: updated package.json: scripts generate, check, test added; "type" set to "module"');
    expect(readFileSync(join(dir, '.github', 'workflows', 'dataflow.yml'), 'utf8')).toContain('run: npx dataflow check --format github');

    // The config it wrote loads (it imports defineConfig from dataflow, installed here as a link) and names the folders it made.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(projectRoot, join(dir, 'node_modules', 'dataflow'), 'dir');
    cpSync(join(projectRoot, 'specs', 'hubspot-tripletex.rst'), join(dir, 'specs', 'hubspot-tripletex.rst'));
    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(dataflow(dir, 'check').status).toBe(0);

    rmSync(join(dir, 'node_modules'), { recursive: true });
    const before = fileTree(dir);
    const second = dataflow(dir, 'init');
    expect(second.status).toBe(0);
    expect(fileTree(dir)).toEqual(before);
    expect(second.stderr.split('\n').filter((l) => l.startsWith('init: ') && !l.startsWith('init: next')).every((l) => l.startsWith('init: kept'))).toBe(true);
  });

  it("keeps the user's files and scripts, and says so", () => {
    const dir = tempProject('init-existing');
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'x', type: 'module', scripts: { test: 'jest', check: 'eslint .' } }, null, 2)}\n`);
    writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
    writeFileSync(join(dir, 'dataflow.config.json'), '{ "specs": "docs" }\n');
    const result = dataflow(dir, 'init', '--no-ci');
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('init: kept    dataflow.config.json: exists; left as it is');
    expect(result.stderr).toContain('init: kept    tsconfig.json: exists; left as it is');
    expect(result.stderr).toContain('init: updated package.json: scripts generate added; in use and kept: check ("eslint ."), test ("jest")');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toEqual({ test: 'jest', check: 'eslint .', generate: 'dataflow generate' });
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe('{ "compilerOptions": { "strict": true } }\n');
    expect([...fileTree(dir).keys()]).not.toContain('.github/workflows/dataflow.yml');

    writeFileSync(join(dir, 'package.json'), '{ "name": ');
    const broken = dataflow(dir, 'init');
    expect(broken.stderr).toMatch(/^dataflow: package\.json: not valid JSON/);
    expect(broken.status).toBe(2);
  });
});
