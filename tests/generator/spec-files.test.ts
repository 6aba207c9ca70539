import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSpecFiles, SpecPathError } from '../../generator/spec-files.js';
import { tempProject } from '../fixtures/generate/project.js';

describe('findSpecFiles', () => {
  it('walks folders for .rst and .md, sorted, skipping hidden folders, node_modules and READMEs', async () => {
    const dir = tempProject('spec-files');
    for (const path of ['b.rst', 'a.md', 'README.md', 'notes.txt', 'sub/c.RST', '.hidden/d.rst', 'node_modules/e.rst']) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), '');
    }
    expect((await findSpecFiles([dir])).map((f) => f.slice(dir.length + 1))).toEqual(['a.md', 'b.rst', 'sub/c.RST']);
  });

  it('takes a file as given, once', async () => {
    const dir = tempProject('spec-files-given');
    writeFileSync(join(dir, 'x.txt'), '');
    expect(await findSpecFiles([join(dir, 'x.txt'), join(dir, 'x.txt')])).toEqual([join(dir, 'x.txt')]);
  });

  it('rejects a path that does not exist', async () => {
    await expect(findSpecFiles(['/nowhere/at/all'])).rejects.toThrow(SpecPathError);
  });
});
