import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

function project(name: string): string {
  const dir = tempProject(name);
  mkdirSync(join(dir, 'docs', 'specs'), { recursive: true });
  cpSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'docs', 'specs', 'invoiced-crmoffice.rst'));
  return dir;
}

describe('dataflow.config', () => {
  it('is found from a subfolder upwards, with its paths relative to the config file', () => {
    const dir = project('config-search');
    writeFileSync(join(dir, 'dataflow.config.mjs'), `export default { specs: 'docs/specs', out: 'src/generated' };\n`);
    mkdirSync(join(dir, 'deep', 'er'), { recursive: true });
    const result = dataflow(join(dir, 'deep', 'er'), 'generate');
    expect(result.stderr).toContain('1 spec');
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'src', 'generated', 'invoiced-crmoffice', 'index.ts'))).toBe(true);
    expect(dataflow(join(dir, 'deep'), 'check').status).toBe(0);
  });

  it('loads a TypeScript config typed with defineConfig from the package', () => {
    const dir = project('config-ts');
    writeFileSync(
      join(dir, 'dataflow.config.ts'),
      [
        `import { defineConfig, type DataflowConfig } from 'dataflow';`,
        `const out: DataflowConfig['out'] = 'gen';`,
        `export default defineConfig({ specs: './docs/specs', out });`,
        ``,
      ].join('\n'),
    );
    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(existsSync(join(dir, 'gen', 'invoiced-crmoffice', 'index.ts'))).toBe(true);
  });

  it('takes --config FILE on every command; flags win over the config', () => {
    const dir = project('config-flag');
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'team.json'), JSON.stringify({ specs: '../docs/specs', out: '../from-config' }));
    expect(dataflow(dir, 'generate', '--config', 'conf/team.json').status).toBe(0);
    expect(existsSync(join(dir, 'from-config', 'invoiced-crmoffice', 'index.ts'))).toBe(true);
    expect(dataflow(dir, 'generate', '--config', 'conf/team.json', '--out', 'from-flag').status).toBe(0);
    expect(existsSync(join(dir, 'from-flag', 'invoiced-crmoffice', 'index.ts'))).toBe(true);
    expect(dataflow(dir, 'check', '--config', 'conf/team.json').status).toBe(0);
    for (const command of ['parse', 'generate', 'check', 'diff', 'sync', 'convert']) {
      expect(dataflow(dir, command, '--help').stdout).toContain('--config <file>');
    }
  });

  it('reports a config that does not load, or says something wrong, as a usage error naming the file', () => {
    const dir = project('config-bad');
    const cases: [string, string, RegExp][] = [
      ['dataflow.config.ts', `export default {\n  specs: 'x'\n  out: 'y'\n};\n`, /^dataflow: dataflow\.config\.ts:3:2: syntax error: Expected "}" but found "out"/m],
      ['dataflow.config.json', `{ "specs": "docs/specs", }`, /^dataflow: dataflow\.config\.json:1:26: not valid JSON/m],
      ['dataflow.config.json', `{ "out": 42 }`, /^dataflow: dataflow\.config\.json: "out" must be a non-empty path string, not number 42/m],
      ['dataflow.config.json', `{ "spec": "docs/specs" }`, /^dataflow: dataflow\.config\.json: unknown field "spec"/m],
      ['dataflow.config.json', `{ "format": "xml" }`, /"format" must be one of "text", "json", "github", not "xml"/],
      ['dataflow.config.json', `{ "diff": { "accept": [{ "kind": "row-gone", "spec": "a" }] } }`, /"diff\.accept\[0\]\.kind" must be a change kind/],
      ['dataflow.config.mjs', `throw new Error('no token');\n`, /^dataflow: dataflow\.config\.mjs: failed while loading: no token/m],
      ['dataflow.config.mjs', `export const specs = 'x';\n`, /^dataflow: dataflow\.config\.mjs: exports no default config/m],
    ];
    cases.forEach(([name, text, message], i) => {
      const folder = join(dir, `case-${i}`);
      mkdirSync(folder);
      writeFileSync(join(folder, name), text);
      const result = dataflow(folder, 'generate');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(result.status).toBe(2);
      expect(existsSync(join(folder, 'generated'))).toBe(false);
    });
    // The file as typed from the working folder, also from a subfolder (not its absolute path).
    mkdirSync(join(dir, 'case-0', 'sub'));
    expect(dataflow(join(dir, 'case-0', 'sub'), 'check').stderr).toMatch(/^dataflow: \.\.\/dataflow\.config\.ts:3:2: syntax error: /m);
    writeFileSync(join(dir, 'dataflow.config.json'), '');
    expect(dataflow(dir, 'check').stderr).toMatch(/^dataflow: dataflow\.config\.json: is empty/m);
    const gone = dataflow(dir, 'check', '--config', 'nope.ts');
    expect(gone.stderr).toContain('nope.ts: no such config file');
    expect(gone.status).toBe(2);
  });
});
