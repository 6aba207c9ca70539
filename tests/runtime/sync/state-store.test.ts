import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../../runtime/sync/index.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-state-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the SQLite state store', () => {
  it('keeps links and last-synced values across openings, per flow', () => {
    const file = join(tempDir(), 'nested', 'state.db');
    const store = openStateStore(file);
    store.commit('spec/a', [{ sourceId: 1, targetId: 'x', source: '{"name":"A"}', target: '{"name":"A"}', digest: 42 }], 'none');
    store.close();
    const again = openStateStore(file);
    expect(again.loadLinks('spec/a').entries()).toEqual([[1, { target: 'x', digest: 42, position: null }]]);
    expect(again.loadSnapshot('spec/a', 1)).toEqual({ source: '{"name":"A"}', target: '{"name":"A"}' });
    expect(again.loadLinks('spec/b').size).toBe(0);
    expect(again.isLinked('spec/a', 1)).toBe(true);
    expect(again.isLinked('spec/a', '1')).toBe(false);
    expect(again.isLinked('spec/a', 1)).toBe(true);
    again.close();
  });

  it('keeps 53-bit digests exact', () => {
    const store = openStateStore(':memory:');
    const digests = [0, 1, 67_108_863, 67_108_864, 2 ** 52 + 12_345, Number.MAX_SAFE_INTEGER, null];
    store.commit('f', digests.map((digest, i) => ({ sourceId: i, targetId: i, source: null, target: null, digest })), 'none');
    expect(store.loadLinks('f').entries().map(([, link]) => link.digest)).toEqual(digests);
  });

  it('keeps intents until they are resolved, and the targets known before them', () => {
    const store = openStateStore(':memory:');
    store.recordIntents('f', 'b1', [1, '2'], [
      { sourceId: 10, values: '{}' },
      { sourceId: '11', values: '{"a":1}' },
    ]);
    const pending = store.loadIntents('f');
    expect(pending.intents).toEqual([
      { sourceId: 10, values: '{}', batch: 'b1' },
      { sourceId: '11', values: '{"a":1}', batch: 'b1' },
    ]);
    expect(pending.known.get('b1')).toEqual(new Set([1, '2']));
    store.commit('f', [], { batch: 'b1', resolved: [10] });
    expect(store.loadIntents('f').intents.map((i) => i.sourceId)).toEqual(['11']);
    store.commit('f', [], 'all');
    expect(store.loadIntents('f')).toEqual({ intents: [], known: new Map() });
  });

  it('a transaction that fails leaves nothing half written', () => {
    const store = openStateStore(':memory:');
    store.commit('f', [{ sourceId: 1, targetId: 'x', source: null, target: null, digest: null }], 'none');
    expect(() =>
      store.commit(
        'f',
        [
          { sourceId: 2, targetId: 'y', source: null, target: null, digest: null },
          { sourceId: 3, targetId: 'x', source: null, target: null, digest: null }, // x is taken by 1
        ],
        'none',
      ),
    ).toThrow();
    expect(store.loadLinks('f').entries().map(([source]) => source)).toEqual([1]);
  });

  it('read-only (dry run) never creates the file', () => {
    const file = join(tempDir(), 'state.db');
    const store = openStateStore(file, { readonly: true });
    expect(store.loadLinks('f').size).toBe(0);
    store.close();
    expect(existsSync(file)).toBe(false);
  });

  it('read-only opens an existing state without changing it', () => {
    const file = join(tempDir(), 'state.db');
    const writer = openStateStore(file);
    writer.commit('f', [{ sourceId: 1, targetId: 2, source: null, target: null, digest: null }], 'none');
    writer.close();
    const reader = openStateStore(file, { readonly: true });
    expect(reader.loadLinks('f').size).toBe(1);
    expect(() => reader.commit('f', [], 'all')).toThrow(/readonly/);
    reader.close();
  });
});
