/**
 * The record a creation predicate sees: the source record with the fields the
 * config declares for predicates (`FlowDefinition.reads`) converted to their
 * declared types, so the generated type (`number | null`) is what arrives
 * whatever the system sends (HubSpot sends every property as a string).
 */
import type { AnyRecord, ReadField, ReadFieldType } from './flow.js';
import { asBoolean, asFloat, asInteger, asString, ConversionError } from './convert.js';

function isObject(value: unknown): value is AnyRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only `__proto__` needs defineProperty (assignment would call the prototype setter); the rest takes the faster assignment. */
function assign(container: AnyRecord, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
  else container[key] = value;
}

function asIsoDatetime(value: unknown, where: string): string | null | undefined {
  if (value === null || value === undefined) return value;
  const date =
    value instanceof Date
      ? value
      : typeof value === 'number'
        ? new Date(value)
        : typeof value === 'string'
          ? // Epoch milliseconds as text (older HubSpot APIs), else ISO 8601 or a date.
            new Date(/^\s*-?\d{10,}\s*$/.test(value) ? Number(value) : value.trim())
          : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw new ConversionError(value, '"datetime"', where);
  return date.toISOString();
}

/** A value converted to a declared type; an empty text is no value (null) for every type but string. */
export function convertReadField(value: unknown, type: ReadFieldType, where: string): unknown {
  if (type === 'unknown') return value;
  if (type === 'string') return asString(value, where);
  if (typeof value === 'string' && value.trim() === '') return null;
  try {
    switch (type) {
      case 'number':
        return asFloat(value, where);
      case 'integer':
        return asInteger(value, where);
      case 'boolean':
        return asBoolean(value, where);
      case 'datetime':
        return asIsoDatetime(value, where);
    }
  } catch (error) {
    // Said in the declaration's words ("number"), not the converter's ("float").
    if (error instanceof ConversionError) throw new ConversionError(value, `"${type}"`, where);
    throw error;
  }
}

/** Where a failed conversion is reported: the field and why it has a type. */
function whereOf(field: ReadField): string {
  return `field ${field.path.join('.')} (declared "${field.type}" in the config's fields)`;
}

/**
 * `record` with every declared field that is present converted; a copy along
 * the converted paths only, the record itself is never changed. A field that
 * is absent stays absent; through a list (a container a spec condition picks
 * elements of, typed `Array<{...}>`) each element's field is converted; a
 * container that is neither an object nor a list is left alone. Throws
 * `ConversionError` for a value that is not of its declared type.
 */
export function withReadFields(record: AnyRecord, reads: readonly ReadField[] | undefined): AnyRecord {
  if (reads === undefined || reads.length === 0) return record;
  // The containers copied for this record (a few): an array is cheaper than a WeakSet per record.
  const copies: object[] = [];
  const copyOf = (value: AnyRecord): AnyRecord => {
    if (copies.includes(value)) return value;
    // Spread defines own properties (an own `__proto__` key stays one) and is the fastest copy.
    const copy: AnyRecord = { ...value };
    copies.push(copy);
    return copy;
  };
  /** `node` (a copy already) with the field at `path` below it converted. */
  const convertIn = (node: AnyRecord, path: readonly string[], field: ReadField): void => {
    const [key, ...rest] = path;
    if (key === undefined || !Object.prototype.hasOwnProperty.call(node, key)) return;
    if (rest.length === 0) {
      assign(node, key, convertReadField(node[key], field.type, whereOf(field)));
      return;
    }
    const next = node[key];
    if (isObject(next)) {
      const copy = copyOf(next);
      if (copy !== next) assign(node, key, copy);
      convertIn(copy, rest, field);
    } else if (Array.isArray(next)) {
      const list = copies.includes(next) ? next : next.slice();
      copies.push(list);
      for (let i = 0; i < list.length; i++) {
        const element: unknown = list[i];
        if (!isObject(element)) continue;
        const copy = copyOf(element);
        list[i] = copy;
        convertIn(copy, rest, field);
      }
      if (list !== next) assign(node, key, list);
    }
  };
  const root = copyOf(record);
  for (const field of reads) if (field.type !== 'unknown') convertIn(root, field.path, field);
  return root;
}
