/**
 * Fast readers for property paths without conditions, used for every value of
 * every record on a re-run. They return exactly what `readPath` returns; any
 * path with a condition, or a value that meets a list on the way, goes
 * through `readPath` itself.
 */
import type { PathSpec } from '../flow.js';
import { readPath } from '../paths.js';

export type Reader = (record: unknown) => unknown;

export function createReader(spec: PathSpec): Reader {
  if (spec.conditions.length > 0 || spec.path.length === 0) return (record) => readPath(record, spec);
  const path = spec.path;
  // Names an object inherits (`constructor`, `toString`, `__proto__`) need an own-property check; others do not.
  const inherited = path.map((key) => key in Object.prototype);
  return (record) => {
    let node: unknown = record;
    for (let i = 0; i < path.length; i++) {
      if (typeof node !== 'object' || node === null) return undefined;
      if (Array.isArray(node)) return readPath(record, spec);
      const key = path[i]!;
      if (inherited[i] && !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
      if (node === undefined) return undefined;
    }
    return node;
  };
}
