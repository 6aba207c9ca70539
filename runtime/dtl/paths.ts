/** DTL paths on the current value (`"_.a.b"`, paths.rst): dicts by key, lists element-wise and flattened. */
import type { DtlValue } from './values.js';

export function path(value: DtlValue, keys: readonly string[]): DtlValue {
  let current: DtlValue = value;
  for (const key of keys) {
    if (current instanceof Map) current = current.get(key) ?? null;
    else if (Array.isArray(current)) {
      const out: DtlValue[] = [];
      for (const x of current as readonly DtlValue[]) {
        const v: DtlValue = x instanceof Map ? (x.get(key) ?? null) : null;
        if (Array.isArray(v)) for (const element of v as readonly DtlValue[]) out.push(element);
        else if (v !== null) out.push(v);
      }
      current = out;
    } else return null;
  }
  return current;
}
