/**
 * Which way back an expression row has (toSource, and sync writing a target
 * edit to the source), decided per kind of expression so a lossy result is
 * never written back as if it were the source value:
 *
 * | kind | expressions | back |
 * |---|---|---|
 * | `cast` | casts and type dispatch of `_.` (`integer`, `decimal`, `float`, `boolean`, `string`, `if`/`if-null` whose every result is such a cast) | the target value as is, as plain typed rows do: it is the source value in the target's type |
 * | `default` | `if` with a literal on one side and such a cast on the other (`"-"` for empty) | the literal goes back as null (the absence it stands for); other values as `cast` |
 * | `parse` | `datetime-format` of `_.` with a format that keeps the instant to the second (%Y %m %d %H %M %S) | the text parsed back with the same format, as an ISO 8601 UTC string |
 * | `format` | `datetime-parse` of `_.` | the datetime formatted back with the same format |
 * | `one-way` | everything else: text rewriting (`replace`, `split`/`slice`/`join`, `matches`), `first`, `list`, dates by `now`, paths, partial datetime formats | nothing: toSource leaves the source property alone and sync never writes it back (`oneWay` on the row) |
 */
import type { DtlNode } from './ast.js';

export type Reverse =
  | { kind: 'cast' }
  | { kind: 'default'; literal: string | number | boolean }
  | { kind: 'parse'; zone: string; format: string }
  | { kind: 'format'; zone: string; format: string }
  | { kind: 'one-way'; why: string };

const CASTS = new Set(['integer', 'decimal', 'float', 'boolean', 'string']);

/** A chain of casts and type dispatch over `_.`: every result is `_.` in some type. */
function isCast(node: DtlNode): boolean {
  if (node.kind === 'current') return true;
  if (node.kind !== 'call') return false;
  if (CASTS.has(node.name) && node.args.length === 1) return isCast(node.args[0]!);
  if (node.name === 'if') return node.args.length === 3 && isCast(node.args[1]!) && isCast(node.args[2]!);
  if (node.name === 'if-null') return isCast(node.args[0]!) && isCast(node.args[1]!);
  return false;
}

function literalOf(node: DtlNode): string | number | boolean | undefined {
  switch (node.kind) {
    case 'string':
      return node.value.startsWith('~') ? undefined : node.value;
    case 'integer':
      return Number.isSafeInteger(Number(node.text)) ? Number(node.text) : undefined;
    case 'boolean':
      return node.value;
    default:
      return undefined;
  }
}

const INSTANT = ['%Y', '%m', '%d', '%H', '%M', '%S'];

function datetimeArgs(node: Extract<DtlNode, { kind: 'call' }>): { zone: string; format: string } | undefined {
  const params = node.args.slice(0, -1);
  if (node.args.at(-1)?.kind !== 'current' || params.some((p) => p.kind !== 'string')) return undefined;
  const text = params.map((p) => (p as { value: string }).value);
  return text.length === 2 ? { zone: text[0]!, format: text[1]! } : { zone: 'UTC', format: text[0]! };
}

export function reverseOf(node: DtlNode): Reverse {
  if (isCast(node)) return { kind: 'cast' };
  if (node.kind !== 'call') return { kind: 'one-way', why: 'it reads inside the value' };
  if (node.name === 'if' && node.args.length === 3) {
    const [, a, b] = node.args as [DtlNode, DtlNode, DtlNode];
    const literal = literalOf(a) ?? literalOf(b);
    if (literal !== undefined && ((literalOf(a) !== undefined && isCast(b)) || (literalOf(b) !== undefined && isCast(a))))
      return { kind: 'default', literal };
  }
  if (node.name === 'datetime-format') {
    const args = datetimeArgs(node);
    if (args && INSTANT.every((t) => args.format.includes(t))) return { kind: 'parse', ...args };
    if (args) return { kind: 'one-way', why: `the format ${JSON.stringify(args.format)} does not keep the whole instant` };
  }
  if (node.name === 'datetime-parse') {
    const args = datetimeArgs(node);
    if (args) return { kind: 'format', ...args };
  }
  return { kind: 'one-way', why: 'its result is not the source value in another type' };
}
