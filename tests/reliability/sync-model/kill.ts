/**
 * Kills a run at its `n`th step (an adapter call, a page of changes, or a
 * state write), or at the first step after its `n`th create returned, as a
 * dying process would: that step and everything after it never happen. Also where the test acts during a run: after the first read
 * from Tripletex (records change behind the sync's back), and at an adapter
 * call where a second run on the same state starts.
 */
import { SyncAborted, type StateStore, type SystemAdapter } from '../../../runtime/sync/index.js';
import type { ModelSystem } from './system.js';

export interface KillHooks {
  afterFirstRead?: () => void;
  second?: { at: number; start: () => void };
}

const READS = /^(load|is|list|get|close|transaction)/;

/** `afterCreates`: the run dies at the first step after its `n`th create call (or batch of creates) returned. */
export function createKill(at: number | undefined, hooks: KillHooks = {}, afterCreates?: number) {
  let steps = 0;
  let calls = 0;
  let creates = 0;
  let dead = false;
  let dying = false;
  let read = false;
  const step = (what: string) => {
    if (dead) throw new SyncAborted(`dead (${what})`);
    if ((at !== undefined && ++steps === at) || dying) {
      dead = true;
      throw new SyncAborted(`killed at step ${steps} (${what})`);
    }
  };
  const created = <T>(result: T): T => {
    if (afterCreates !== undefined && ++creates === afterCreates) dying = true;
    return result;
  };
  /** An adapter call: also where a second run may start (never inside a state transaction). */
  const call = (what: string) => {
    step(what);
    if (hooks.second && ++calls === hooks.second.at) hooks.second.start();
  };
  const firstRead = (side: string) => {
    if (side !== 'Tripletex' || read) return;
    read = true;
    hooks.afterFirstRead?.();
  };
  return {
    fired: () => dead,
    adapter(inner: ModelSystem, side: string): SystemAdapter {
      const adapter: { -readonly [K in keyof SystemAdapter]: SystemAdapter[K] } = {
        list: (entity, options) => {
          call(`${side}.list`);
          const records = inner.list(entity, options);
          firstRead(side);
          return records;
        },
        create: (entity, values) => (call(`${side}.create`), created(inner.create(entity, values))),
        update: (entity, id, record, changed) => (call(`${side}.update`), inner.update(entity, id, record, changed)),
      };
      if (inner.changes) {
        const changes = inner.changes.bind(inner);
        adapter.changes = async function* (entity, request) {
          call(`${side}.changes`);
          for await (const page of changes(entity, request)) {
            step(`${side}.changes page`);
            yield page;
          }
          firstRead(side);
        };
        adapter.lookbackMs = inner.lookbackMs!;
      }
      if (inner.systemTime) adapter.systemTime = inner.systemTime.bind(inner);
      if (inner.get) {
        const get = inner.get.bind(inner);
        adapter.get = async (entity, id) => (call(`${side}.get`), get(entity, id));
      }
      if (inner.findCreated) {
        const findCreated = inner.findCreated.bind(inner);
        adapter.findCreated = async (entity, values) => (call(`${side}.findCreated`), findCreated(entity, values));
      }
      if (inner.createMany) {
        const createMany = inner.createMany.bind(inner);
        adapter.createMany = async (entity, values) => (call(`${side}.createMany`), created(await createMany(entity, values)));
      }
      if (inner.updateMany) {
        const updateMany = inner.updateMany.bind(inner);
        adapter.updateMany = async (entity, items) => (call(`${side}.updateMany`), updateMany(entity, items));
      }
      if (inner.flush) {
        const flush = inner.flush.bind(inner);
        adapter.flush = async () => (call(`${side}.flush`), flush());
      }
      return adapter;
    },
    store(inner: StateStore): StateStore {
      return new Proxy(inner, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (typeof value !== 'function') return value;
          if (typeof name !== 'string' || READS.test(name)) return (value as (...a: unknown[]) => unknown).bind(target);
          return (...args: unknown[]) => {
            step(`state.${name}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  };
}
