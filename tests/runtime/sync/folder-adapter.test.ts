import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderAdapter, DataFileError, openStateStore, runSync } from '../../../runtime/sync/index.js';
import { defineFlow } from '../fixtures/define-flow.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dataflow-folder-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, data: unknown) => writeFileSync(join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;

describe('the data-folder adapter', () => {
  it('reads an entity from <slug>.json; a missing file is an empty list', async () => {
    write('customers-human-data.json', [{ id: 1 }]);
    const folder = createFolderAdapter(dir);
    expect(await folder.list('Customers (human data)')).toEqual([{ id: 1 }]);
    expect(await folder.list('Items')).toEqual([]);
    expect(folder.fileOf('Customers (human data)')).toBe(join(dir, 'customers-human-data.json'));
  });

  it('writes nothing until flush, then rewrites only changed files, atomically', async () => {
    write('a.json', [{ id: 1, name: 'x', untouched: { deep: [1, 2] } }]);
    write('b.json', '[ ]');
    const folder = createFolderAdapter(dir);
    await folder.list('b');
    await folder.update('a', 1, { id: 1, name: 'y', untouched: { deep: [1, 2] } }, []);
    expect(read('a.json')).toEqual([{ id: 1, name: 'x', untouched: { deep: [1, 2] } }]);
    await folder.flush!();
    expect(read('a.json')).toEqual([{ id: 1, name: 'y', untouched: { deep: [1, 2] } }]);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('[ ]');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.json']);
  });

  it.each([
    ['numbers: the next integer', [{ id: 3 }, { id: 10 }], [11, 12]],
    ['strings: a slug-prefixed id no record has', [{ id: 'contact-1' }, { id: 'x' }], ['contact-2', 'contact-3']],
    ['empty: from 1', [], [1, 2]],
  ])('creates records with new unique ids (%s)', async (_name, records, ids) => {
    write('contact.json', records);
    const folder = createFolderAdapter(dir);
    expect([await folder.create('Contact', { a: 1 }), await folder.create('Contact', { a: 2 })]).toEqual(ids);
  });

  it('creates the folder and file when they do not exist yet', async () => {
    const nested = join(dir, 'new', 'right');
    const folder = createFolderAdapter(nested);
    await folder.create('Order', { total: 1 });
    await folder.flush!();
    expect(JSON.parse(readFileSync(join(nested, 'order.json'), 'utf8'))).toEqual([{ id: 1, total: 1 }]);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an array', '{}', /expected a JSON array/],
  ])('reports a file that is %s, naming the file', async (_name, text, message) => {
    write('bad.json', text);
    const folder = createFolderAdapter(dir);
    expect(() => folder.list('Bad')).toThrow(DataFileError);
    expect(() => folder.list('Bad')).toThrow(message);
  });

  it.each([
    // V8 names no position for an unexpected token: the record it is in, at its start.
    ['a missing value', '[\n  {"id": 1, "name": "a"},\n  {"id": 2, "name": }\n]\n', 3, 3],
    ['a missing colon, after a multi-byte character', '[\n  {"id": 1, "name": "Ø"},\n  {"id": 2, "Ø" "b"}\n]\n', 3, 17],
    ['a missing comma', '[\n  {"id": 1}\n  {"id": 2}\n]\n', 3, 3],
    ['the end of the file', '[\n  {"id": 1},\n  {"id": 2', 3, 11],
  ])('names the line and column of invalid JSON (%s)', (_name, text, line, column) => {
    write('bad.json', text);
    expect(() => createFolderAdapter(dir).list('Bad')).toThrow(new RegExp(`bad\\.json:${line}:${column}: not valid JSON`));
    // The position is the line and column, not V8's offset into a piece of the file.
    expect(() => createFolderAdapter(dir).list('Bad')).not.toThrow(/position \d/);
  });

  it('names the line of invalid JSON far into a file read in pieces', () => {
    const records = Array.from({ length: 30_000 }, (_, i) => `  {"id": ${i + 1}, "name": "Åse ${i}"}`);
    records[20_000] = '  {"id": 20001, "name": "Åse" "x"}';
    write('big.json', `[\n${records.join(',\n')}\n]\n`);
    expect(() => createFolderAdapter(dir).list('Big')).toThrow(/big\.json:20002:\d+: not valid JSON/);
  });

  it('lists a record that is not an object for the engine to report, and keeps it when rewriting', async () => {
    write('contact.json', '[{"id": 1, "name": "a"}, "junk", null, {"id": 2, "name": "b"}]');
    write('target.json', '[]');
    const flow = defineFlow({ target: 'Target', rows: [['name', 'name']] });
    const left = createFolderAdapter(dir);
    const right = createFolderAdapter(dir);
    const report = (await runSync([flow], { left, right, store: openStateStore(':memory:') })).flows[0]!;
    expect(report.created).toBe(2);
    expect(report.errors).toHaveLength(2);
    expect(report.errors[0]!.message).toMatch(/has no id/);
    // What the record is instead of an object, so the entry in the file is found.
    expect(report.errors.map((e) => e.message)).toEqual([
      'a Contact record has no id (string or number): it is "junk", not an object',
      'a Contact record has no id (string or number): it is null, not an object',
    ]);
    expect(read('contact.json')).toEqual([{ id: 1, name: 'a' }, 'junk', null, { id: 2, name: 'b' }]);
    await right.create('Contact', { name: 'c' });
    await right.flush!();
    const after = read('contact.json') as unknown[];
    expect(after.slice(0, 4)).toEqual([{ id: 1, name: 'a' }, 'junk', null, { id: 2, name: 'b' }]);
    expect(after[4]).toMatchObject({ name: 'c' });
  });
});
