import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges } from '../../../generator/emit/write-files.js';
import { tempProject } from '../../fixtures/generate/project.js';

describe('applyChanges', () => {
  it('writes, removes and prunes folders it emptied', () => {
    const dir = tempProject('write-files');
    applyChanges(dir, { write: new Map([['a/x.ts', 'x'], ['b/y.ts', 'y']]), remove: [] });
    applyChanges(dir, { write: new Map([['a/x.ts', 'x2']]), remove: ['b/y.ts'] });
    expect(readFileSync(join(dir, 'a/x.ts'), 'utf8')).toBe('x2');
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });

  it('leaves the folder as it was when one write fails', () => {
    const dir = tempProject('write-files-fail');
    writeFileSync(join(dir, 'keep.ts'), 'old');
    // A file where a folder must go makes the second write fail.
    writeFileSync(join(dir, 'blocked'), '');
    expect(() =>
      applyChanges(dir, { write: new Map([['keep.ts', 'new'], ['blocked/z.ts', 'z']]), remove: ['keep.ts'] }),
    ).toThrow();
    expect(readFileSync(join(dir, 'keep.ts'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['blocked', 'keep.ts']);
  });
});
