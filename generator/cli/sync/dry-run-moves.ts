/**
 * A dry run moves no state, yet it should plan what the real run will do: for
 * the renames sync would carry over, the engine reads the old key's state
 * under the new flow key (read-only: a dry run writes nothing).
 */
import type { StateStore } from '../../../runtime/sync/index.js';

/** `store` with each `to` flow key of `moved` read as its `from` (every method whose first argument is that key). */
export function storeAsMoved(store: StateStore, moved: readonly { from: string; to: string }[]): StateStore {
  if (moved.length === 0) return store;
  const fromOf = new Map(moved.map((m) => [m.to, m.from]));
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const first = args[0];
        if (typeof first === 'string') args[0] = fromOf.get(first) ?? first;
        return Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
      };
    },
  });
}
