import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataflow } from '../fixtures/generate/cli.js';
import { fileTree } from '../fixtures/generate/file-tree.js';
import { projectRoot, tempProject, projectWithSpecs, repoSpecs } from '../fixtures/generate/project.js';

const BUILTIN_BANNER = readFileSync(join(projectRoot, 'templates', 'banner.hbs'), 'utf8');
const HEADER = '// Acme integrations: reviewed code, see docs/integrations.md';

/** A project with a config naming templates/, and the given specs. */
function project(name: string, specs: string[] = ['invoiced-crmoffice.rst']): string {
  const dir = projectWithSpecs(name, repoSpecs(...specs));
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ templates: 'templates' }));
  return dir;
}

const index = (dir: string) => readFileSync(join(dir, 'generated', 'invoiced-crmoffice', 'index.ts'), 'utf8');

describe('custom templates', () => {
  it('an override of a partial changes every file that uses it, and check agrees', () => {
    const dir = project('tpl-partial');
    writeFileSync(join(dir, 'templates', 'banner.hbs'), `${BUILTIN_BANNER}${HEADER}\n`);
    const result = dataflow(dir, 'generate');
    expect(result.stderr).toBe('generate: 1 spec (1 rendered, 0 unchanged), 7 files written, 0 removed\n');
    expect(result.status).toBe(0);
    const group = readdirSync(join(dir, 'generated')).find((f) => /^tests-\d+\.test\.ts$/.test(f))!;
    for (const file of ['invoiced-crmoffice/index.ts', 'invoiced-crmoffice/tests.ts', group]) {
      expect(readFileSync(join(dir, 'generated', file), 'utf8').split('\n')).toContain(HEADER);
    }
    expect(dataflow(dir, 'check').status).toBe(0);
    // --templates on the command line wins over the config.
    const other = join(dir, 'other');
    mkdirSync(other);
    expect(dataflow(dir, 'check', '--templates', 'other').status).toBe(1);
  });

  it('editing an override regenerates the affected files; removing it goes back to the built-ins', () => {
    const dir = project('tpl-edit');
    const plain = tempProject('tpl-edit-plain');
    cpSync(join(dir, 'specs'), join(plain, 'specs'), { recursive: true });
    expect(dataflow(plain, 'generate').status).toBe(0);
    const builtin = fileTree(join(plain, 'generated'));

    writeFileSync(join(dir, 'templates', 'banner.hbs'), `${BUILTIN_BANNER}${HEADER}\n`);
    expect(dataflow(dir, 'generate').status).toBe(0);
    writeFileSync(join(dir, 'templates', 'banner.hbs'), `${BUILTIN_BANNER}${HEADER} (v2)\n`);
    const stale = dataflow(dir, 'check');
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('stale: generated/invoiced-crmoffice/index.ts\n');
    const again = dataflow(dir, 'generate');
    expect(again.stderr).toMatch(/7 files written/);
    expect(index(dir)).toContain(`${HEADER} (v2)`);
    expect(dataflow(dir, 'generate').stderr).toMatch(/0 files written/);

    rmSync(join(dir, 'templates', 'banner.hbs'));
    expect(dataflow(dir, 'check').status).toBe(1);
    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(fileTree(join(dir, 'generated'))).toEqual(builtin);
    expect(dataflow(dir, 'check').status).toBe(0);
  });

  it('an override that does not compile: exit 2 naming the file, line and column; nothing written', () => {
    const dir = project('tpl-broken');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const before = fileTree(join(dir, 'generated'));
    writeFileSync(join(dir, 'templates', 'flow.ts.hbs'), 'export const x = 1;\n{{#each rows}}\n// {{{name}\n{{/each}}\n');
    for (const command of [['generate', '--force'], ['check']]) {
      const result = dataflow(dir, ...command);
      expect.soft(result.status).toBe(2);
      expect(result.stderr).toMatch(/^templates\/flow\.ts\.hbs:3:11: error: your template override flow\.ts\.hbs does not compile: Expecting .+, got 'INVALID' \[template-syntax\]$/m);
      expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    writeFileSync(join(dir, 'templates', 'fields.hbs'), '{{#each fields}}\n{{{key}}}\n{{/with}}\n');
    rmSync(join(dir, 'templates', 'flow.ts.hbs'));
    const mismatch = dataflow(dir, 'generate');
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toMatch(/^templates\/fields\.hbs:1:4: error: your template override fields\.hbs does not compile: each doesn't match with \[template-syntax\]$/m);
    expect(fileTree(join(dir, 'generated'))).toEqual(before);
    // A fresh project: no half-written output folder either.
    rmSync(join(dir, 'generated'), { recursive: true });
    expect(dataflow(dir, 'generate').status).toBe(2);
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('an override that renders code that is not TypeScript: exit 2 naming the template and the generated file', () => {
    const dir = project('tpl-invalid-ts');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const before = fileTree(join(dir, 'generated'));
    writeFileSync(join(dir, 'templates', 'index.ts.hbs'), `${readFileSync(join(projectRoot, 'templates', 'index.ts.hbs'), 'utf8')}\nexport const = ;\n`);
    for (const command of ['generate', 'check']) {
      const result = dataflow(dir, command);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        /^templates\/index\.ts\.hbs:1:1: error: your template override index\.ts\.hbs renders generated\/invoiced-crmoffice\/index\.ts as code that is not valid TypeScript: generated\/invoiced-crmoffice\/index\.ts:\d+:\d+: .+; nothing was written \[template-output\]$/m,
      );
    }
    expect(fileTree(join(dir, 'generated'))).toEqual(before);
    // A partial's fault names the partial and the template it went through.
    rmSync(join(dir, 'templates', 'index.ts.hbs'));
    writeFileSync(join(dir, 'templates', 'banner.hbs'), `${BUILTIN_BANNER}export const = ;\n`);
    expect(dataflow(dir, 'generate').stderr).toMatch(/^templates\/banner\.hbs:1:1: error: your template override banner\.hbs renders generated\/.+ through .+\.hbs as code that is not valid TypeScript/m);
    expect(fileTree(join(dir, 'generated'))).toEqual(before);
  });

  it('an override that fails while rendering (a partial that does not exist): exit 2 naming it', () => {
    const dir = project('tpl-render');
    writeFileSync(join(dir, 'templates', 'banner.hbs'), '{{> copyright}}\n');
    const result = dataflow(dir, 'generate');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^templates\/banner\.hbs:1:1: error: rendering .+\.hbs with your override banner\.hbs failed: The partial copyright could not be found \[template-render\]$/m);
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('an override of a name that does not exist is a warning naming the file and the near names', () => {
    const dir = project('tpl-unknown');
    writeFileSync(join(dir, 'templates', 'flow.hbs'), 'x\n');
    writeFileSync(join(dir, 'templates', '.DS_Store'), 'x\n');
    for (const command of ['generate', 'check']) {
      const result = dataflow(dir, command);
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/^templates\/flow\.hbs:1:1: warning: overrides nothing: there is no template or partial "flow\.hbs"; did you mean flow\.ts\.hbs\? \(the names: flow\.ts\.hbs, .+\) \[unknown-template\]$/m);
      expect(result.stderr).not.toContain('.DS_Store');
    }
    const json = JSON.parse(dataflow(dir, 'check', '--format', 'json').stdout) as { diagnostics: { file: string; code: string }[] };
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ file: 'templates/flow.hbs', code: 'unknown-template' }));
    // The output is the built-ins'.
    expect(index(dir)).not.toContain('x\n');
  });

  it('a templates folder that does not exist is a usage error', () => {
    const dir = project('tpl-missing');
    writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ templates: 'my-templates' }));
    const result = dataflow(dir, 'generate');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^my-templates:1:1: error: the templates folder the config names does not exist/m);
  });

  it('predicate stubs render through their override too', () => {
    const dir = project('tpl-predicates', ['hubspot-tripletex.rst']);
    const stub = readFileSync(join(projectRoot, 'templates', 'predicate-stub.ts.hbs'), 'utf8').replace(' * Return true', ' * TODO(acme): ask the sales team.\n * Return true');
    writeFileSync(join(dir, 'templates', 'predicate-stub.ts.hbs'), stub);
    expect(dataflow(dir, 'generate').status).toBe(0);
    expect(readFileSync(join(dir, 'predicates', 'hubspot-tripletex.ts'), 'utf8')).toContain(' * TODO(acme): ask the sales team.\n');
  });

  it('templates eject copies a built-in to start from, and list shows what is overridden', () => {
    const dir = project('tpl-eject');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const before = fileTree(join(dir, 'generated'));
    const eject = dataflow(dir, 'templates', 'eject', 'banner', 'flow.ts.hbs');
    expect(eject.status).toBe(0);
    expect(eject.stderr).toContain('templates: wrote templates/banner.hbs: the built-in banner.hbs');
    expect(readFileSync(join(dir, 'templates', 'banner.hbs'), 'utf8')).toBe(BUILTIN_BANNER);
    // Unchanged copies render the same bytes.
    expect(dataflow(dir, 'check').status).toBe(0);
    expect(dataflow(dir, 'generate').stderr).toMatch(/0 files written/);
    expect(fileTree(join(dir, 'generated'))).toEqual(before);
    expect(dataflow(dir, 'templates', 'eject', 'banner').stderr).toContain('kept templates/banner.hbs: it exists (--force overwrites it)');
    const unknown = dataflow(dir, 'templates', 'eject', 'flw');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no template or partial "flw" (did you mean flow.ts.hbs?)');
    const list = dataflow(dir, 'templates', 'list');
    expect(list.stdout).toContain('banner.hbs  [overridden by templates/banner.hbs]\n');
    expect(list.stdout).toContain('fields.hbs\n');
  });
});
