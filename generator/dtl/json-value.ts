/**
 * Reads transit-encoded JSON text (`dtl eval --value`, JSON Lines) into DTL
 * values exactly: integers of any size stay integers, a number with a fraction
 * or exponent is a float, `~f`/`~t`/... strings are decoded.
 */
import { decodeString } from '../../runtime/dtl/transit.js';
import type { DtlValue } from '../../runtime/dtl/values.js';
import { DtlReadError, parseTokens, tokenize, type Raw } from './read.js';

/** Parsed JSON as a DTL value. */
export function valueOf(raw: Raw): DtlValue {
  if (raw.r === 'list') return raw.items.map(valueOf);
  if (raw.r === 'dict') return new Map(raw.entries.map(([k, v]) => [k, valueOf(v)]));
  const token = raw.token;
  if (token.t === 'number') return /^-?\d+$/.test(token.text) ? BigInt(token.text) : Number(token.text);
  if (token.t === 'word') return token.value;
  return decodeString(token.value);
}

/** Throws DtlReadError (with an offset) for text that is not one JSON value. */
export function readJsonValue(text: string): DtlValue {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new DtlReadError('no JSON value', 0);
  return valueOf(parseTokens(tokens, false));
}
