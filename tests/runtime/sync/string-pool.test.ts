/** The string pool of data-folder records: values unchanged, no prototype reached, hostile nesting left alone, files read and written as they were. */
import { describe, expect, it } from 'vitest';
import { createStringPool } from '../../../runtime/sync/string-pool.js';
import { createFolderAdapter } from '../../../runtime/sync/index.js';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const parsed = () => JSON.parse('[{"city":"Oslo","tags":["a","Oslo"],"deep":{"city":"Oslo"}},{"city":"Oslo","n":1}]') as Record<string, unknown>[];

describe('the string pool of parsed records', () => {
  it('keeps every value as it was (equal strings, the same shapes)', () => {
    const records = parsed();
    createStringPool().share(records[0]);
    createStringPool().share(records[1]);
    expect(records).toEqual(parsed());
  });

  it('never assigns through __proto__ and leaves hostile nesting as it is', () => {
    const records = JSON.parse('[{"__proto__":{"polluted":"yes"},"constructor":"x","prototype":"y"}]') as Record<string, unknown>[];
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const record = { id: 1, deep };
    const pool = createStringPool();
    pool.share(records[0]);
    pool.share(record);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(records[0])).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(records[0], '__proto__')).toBe(true);
    expect(records[0]!.constructor).toBe('x');
    expect(record.deep).toBe(deep);
  });

  it('a data folder reads and writes its records as they were', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-pool-'));
    try {
      const records = Array.from({ length: 200_000 / 1000 }, (_, i) => ({ id: i + 1, city: i % 2 ? 'Oslo' : 'Bergen', name: `n${i}`, list: ['Oslo', { city: 'Oslo' }] }));
      writeFileSync(join(dir, 'contact.json'), JSON.stringify(records));
      const adapter = createFolderAdapter(dir);
      expect(adapter.list('Contact')).toEqual(records);
      adapter.update('Contact', 1, { ...records[0]!, city: 'Tromsø' }, []);
      adapter.flush?.();
      const written = JSON.parse(readFileSync(join(dir, 'contact.json'), 'utf8')) as typeof records;
      expect(written[0]!.city).toBe('Tromsø');
      expect(written.slice(1)).toEqual(records.slice(1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
