import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates, nearNames } from '../../../generator/emit/load-templates.js';
import { TemplateError } from '../../../generator/emit/template-error.js';
import { builtinTemplates, TEMPLATE_FILES } from '../../../generator/emit/templates.js';
import { tempProject, projectRoot } from '../../fixtures/generate/project.js';

function folder(files: Record<string, string>): string {
  const dir = join(tempProject('load-templates'), 'templates');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const banner = readFileSync(join(projectRoot, 'templates', 'banner.hbs'), 'utf8');

describe('loadTemplates', () => {
  it('no folder: the built-ins, with an empty key', () => {
    const loaded = loadTemplates(null);
    expect(loaded.templates).toBe(builtinTemplates());
    expect(loaded.templates.key).toBe('');
    expect(loaded.warnings).toEqual([]);
  });

  it('an override replaces its built-in; the key follows the contents, and equal contents reuse the compiled set', () => {
    const dir = folder({ 'banner.hbs': `${banner}// ours\n` });
    const first = loadTemplates(dir);
    expect(first.templates.overrides.map((o) => o.file)).toEqual(['banner.hbs']);
    expect(first.templates.render('tests-group.test.ts', { banner: ['// a'], imports: [] })).toMatch(/^\/\/ a\n\/\/ ours\n/);
    expect(loadTemplates(dir).templates).toBe(first.templates);
    writeFileSync(join(dir, 'banner.hbs'), `${banner}// ours, v2\n`);
    const second = loadTemplates(dir);
    expect(second.templates.key).not.toBe(first.templates.key);
    expect(second.templates.key).not.toBe('');
    expect(second.templates.overridesOf('flow.ts').map((o) => o.file)).toEqual(['banner.hbs']);
    expect(second.templates.overridesOf('predicates.ts')).toEqual([]);
  });

  it('CRLF and a BOM in an override change nothing', () => {
    const lf = loadTemplates(folder({ 'banner.hbs': `${banner}// ours\n` })).templates.key;
    const crlf = loadTemplates(folder({ 'banner.hbs': `\uFEFF${banner}// ours\n`.replace(/\n/g, '\r\n') })).templates.key;
    expect(crlf).toBe(lf);
  });

  it('files that override nothing are warnings with near names; dot files and folders are skipped', () => {
    const dir = folder({ 'flow.hbs': 'x', 'banner.hsb': 'x', 'partials/fields.hbs': 'x', 'notes.txt': 'x', '.DS_Store': 'x', '.git/config': 'x' });
    const loaded = loadTemplates(dir);
    expect(loaded.templates.overrides).toEqual([]);
    const byFile = Object.fromEntries(loaded.warnings.map((w) => [w.file.slice(dir.length + 1), w.diagnostics[0]!.message]));
    expect(Object.keys(byFile).sort()).toEqual(['banner.hsb', 'notes.txt', 'partials/fields.hbs', 'flow.hbs'].sort());
    expect(byFile['flow.hbs']).toContain('did you mean flow.ts.hbs?');
    expect(byFile['banner.hsb']).toContain('did you mean banner.hbs?');
    expect(byFile['partials/fields.hbs']).toContain('did you mean fields.hbs?');
    expect(byFile['notes.txt']).not.toContain('did you mean');
  });

  it('near names', () => {
    expect(nearNames('flw')).toEqual(['flow.ts.hbs']);
    expect(nearNames('index.ts')).toEqual(['index.ts.hbs']);
    expect(nearNames('tests.hbs')[0]).toBe('tests.ts.hbs');
    expect(nearNames('zzzzzzzz')).toEqual([]);
    for (const file of TEMPLATE_FILES) expect(nearNames(file)[0]).toBe(file);
  });

  it('an override that does not compile throws a TemplateError at its line and column', () => {
    const dir = folder({ 'fields.hbs': 'a\nb {{#if x}}\n' });
    let error: unknown;
    try {
      loadTemplates(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ file: join(dir, 'fields.hbs'), line: 3, column: 1, code: 'template-syntax' });
    expect((error as Error).message).toMatch(/^your template override fields\.hbs does not compile: Expecting .+, got 'EOF'$/);
  });

  it('a folder that does not exist throws', () => {
    expect(() => loadTemplates(join(projectRoot, '.cache', 'no-such-templates'))).toThrow(TemplateError);
  });
});
