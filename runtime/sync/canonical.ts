/**
 * Canonical JSON of a value: the form in which property values are compared
 * and stored as last-synced values. Object keys are sorted, and `undefined`
 * is `null`, so "absent" and "null" are the same "no value".
 */

/**
 * How deep a mapped value may nest. JSON.parse reads any depth, but JSON.stringify
 * (REST bodies, reports) overflows the stack a few thousand levels down: a value
 * nested deeper is refused for its record, which the run reports and skips.
 */
export const MAX_NESTING = 1000;

/** A mapped value nested deeper than `MAX_NESTING`. */
export class DeepValueError extends Error {
  override readonly name = 'DeepValueError';
  constructor(readonly field?: string) {
    super(`${field ? `${field}: ` : ''}the value is nested more than ${MAX_NESTING} levels deep; the record is not synced`);
  }
}

export function isDeepValueError(error: unknown): error is DeepValueError {
  return error instanceof DeepValueError;
}

export function canonical(value: unknown, depth = 0): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(String(value));
    case 'undefined':
      return 'null';
    case 'object':
      return value === null ? 'null' : canonicalObject(value, depth + 1);
    default:
      return 'null';
  }
}

function canonicalObject(value: object, depth: number): string {
  if (depth > MAX_NESTING) throw new DeepValueError();
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonical(value[i], depth);
    return `${text}]`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'null' : JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${canonical(record[key], depth)}`);
  }
  return `{${parts.join(',')}}`;
}
