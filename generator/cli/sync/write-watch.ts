/**
 * Notes whether a run asked a system to write anything, so a run stopped by
 * its system (lost credentials, exhausted quota) says truthfully what it left.
 */
import type { SystemAdapter } from '../../../runtime/sync/index.js';

const WRITES: ReadonlySet<PropertyKey> = new Set(['create', 'update', 'createMany', 'updateMany']);

export interface WriteWatch {
  /** Whether any write was asked of a watched system. */
  readonly wrote: boolean;
  watch(adapter: SystemAdapter): SystemAdapter;
}

export function createWriteWatch(): WriteWatch {
  let wrote = false;
  return {
    get wrote() {
      return wrote;
    },
    watch(adapter) {
      return new Proxy(adapter, {
        get(target, key) {
          const value = Reflect.get(target, key, target) as unknown;
          if (typeof value !== 'function') return value;
          // Called on the adapter itself, never on the proxy: adapters with private fields keep working.
          if (!WRITES.has(key)) return (value as (...args: unknown[]) => unknown).bind(target);
          return (...args: unknown[]) => {
            wrote = true;
            return (value as (...args: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    },
  };
}
