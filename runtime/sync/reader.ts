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
  // Compiled per path: constant property names give each reader its own (monomorphic) property
  // loads, where one shared loop over the keys makes every load megamorphic. Keys enter the code
  // only as JSON string literals.
  let body = 'let node = record;\n';
  spec.path.forEach((key, i) => {
    const name = JSON.stringify(key);
    body +=
      `if (typeof node !== 'object' || node === null) return undefined;\n` +
      `if (Array.isArray(node)) return slow(record);\n` +
      // Names an object inherits (`constructor`, `toString`, `__proto__`) need an own-property check; others do not.
      (key in Object.prototype ? `if (!hasOwn.call(node, ${name})) return undefined;\n` : '') +
      `node = node[${name}];\n` +
      (i < spec.path.length - 1 ? 'if (node === undefined) return undefined;\n' : '');
  });
  body += 'return node;';
  const slow: Reader = (record) => readPath(record, spec);
  return new Function('slow', 'hasOwn', `return function read(record) {\n${body}\n};`)(slow, Object.prototype.hasOwnProperty) as Reader;
}
