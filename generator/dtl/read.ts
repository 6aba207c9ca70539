/**
 * Reads a DTL expression from a spec's data-type cell, repairing what the
 * publisher and the authors left out (../shared/docs/dtl.md, "Reading the bare
 * spec forms"):
 * - lost opening brackets: one `[` is put back per unmatched `]`, each before a
 *   function name; every placement is tried and the readings whose calls all have
 *   a valid arity are kept (when none fits, one more call may end with the text,
 *   its `"_."]` elided, as in `...,"datetime-format","%Y-%m-%d"]`);
 * - elisions: a bare unary function name in a value position is that function
 *   of the current value (`"integer"` is `["integer","_."]`), and a call one
 *   argument short of its VALUES gets `"_."`;
 * - literals stay literals (`"-"`, `"X"`, `"1935-01-01"`, `true`, `100`).
 * A cell with no reading, or more than one, gets a message with the offset of
 * the problem, and the row keeps passing its value through.
 */
import type { DtlNode } from './ast.js';
import { toText } from './ast.js';
import { dtlFunction, minimumArity, type Role } from './functions.js';

export type Token =
  | { t: '[' | ']' | ',' | '{' | '}' | ':'; offset: number }
  | { t: 'string'; value: string; offset: number }
  | { t: 'number'; text: string; offset: number }
  | { t: 'word'; value: true | false | null; offset: number };

export class DtlReadError extends Error {
  constructor(
    message: string,
    /** 0-based offset into the text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if ('[],{}:'.includes(c)) {
      tokens.push({ t: c as '[', offset: i });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new DtlReadError('a string that is never closed', i);
      let value: string;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        throw new DtlReadError(`a string with a bad escape: ${text.slice(i, j + 1)}`, i);
      }
      tokens.push({ t: 'string', value, offset: i });
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) throw new DtlReadError(`not a number: ${text.slice(i, i + 10)}`, i);
      tokens.push({ t: 'number', text: m[0], offset: i });
      i += m[0].length;
    } else {
      const word = /^(true|false|null)\b/.exec(text.slice(i));
      if (!word) throw new DtlReadError(`unexpected ${JSON.stringify(c)}`, i);
      tokens.push({ t: 'word', value: word[1] === 'true' ? true : word[1] === 'false' ? false : null, offset: i });
      i += word[1]!.length;
    }
  }
  return tokens;
}

/** The JSON-ish structure before it is read as DTL. */
export type Raw =
  | { r: 'list'; items: Raw[]; offset: number }
  | { r: 'dict'; entries: [string, Raw][]; offset: number }
  | { r: 'scalar'; token: Token & { t: 'string' | 'number' | 'word' } };

/** Parses tokens into exactly one value; `autoClose` lets lists still open at the end close there. */
export function parseTokens(tokens: readonly Token[], autoClose: boolean): Raw {
  let i = 0;
  const fail = (message: string, at = tokens[i]?.offset ?? (tokens.at(-1)?.offset ?? 0)): never => {
    throw new DtlReadError(message, at);
  };
  function value(): Raw {
    const token = tokens[i];
    if (!token) return fail('the expression ends early');
    if (token.t === '[') {
      i++;
      const items: Raw[] = [];
      while (true) {
        const next = tokens[i];
        if (!next) {
          if (autoClose) return { r: 'list', items, offset: token.offset };
          return fail('a list that is never closed', token.offset);
        }
        if (next.t === ']') {
          i++;
          return { r: 'list', items, offset: token.offset };
        }
        if (items.length > 0) {
          if (next.t !== ',') fail('expected "," or "]"');
          i++;
        }
        items.push(value());
      }
    }
    if (token.t === '{') {
      i++;
      const entries: [string, Raw][] = [];
      while (tokens[i]?.t !== '}') {
        if (entries.length > 0) {
          if (tokens[i]?.t !== ',') fail('expected "," or "}"');
          i++;
        }
        const key = tokens[i];
        if (key?.t !== 'string') return fail('expected a string key');
        i++;
        if (tokens[i]?.t !== ':') fail('expected ":"');
        i++;
        entries.push([key.value, value()]);
      }
      i++;
      return { r: 'dict', entries, offset: token.offset };
    }
    if (token.t === 'string' || token.t === 'number' || token.t === 'word') {
      i++;
      return { r: 'scalar', token };
    }
    return fail(`unexpected "${token.t}"`);
  }
  const result = value();
  if (i < tokens.length) fail(tokens[i]!.t === ']' ? 'a "]" with no "[" to close' : 'more than one expression');
  return result;
}

export interface Interpretation {
  node: DtlNode;
  /** A cast was given a default-value expression (a reading the authors' shorthand never needs). */
  usesFallback: boolean;
  notes: { message: string; offset: number }[];
  /** Spec shorthand on: bare unary names mean `[f, "_."]`, a call one VALUES short gets `"_."`. */
  shorthand: boolean;
}

function interpret(raw: Raw, role: Role, state: Interpretation): DtlNode {
  if (raw.r === 'dict') {
    return { kind: 'dict', entries: raw.entries.map(([k, v]) => [k, interpret(v, 'param', state)] as const), offset: raw.offset };
  }
  if (raw.r === 'list') {
    const head = raw.items[0];
    if (!head || head.r !== 'scalar' || head.token.t !== 'string')
      throw new DtlReadError('a list whose first element is not a function name (lists are written ["list", ...])', raw.offset);
    const f = dtlFunction(head.token.value);
    if (!f) throw new DtlReadError(`"${head.token.value}" is not a DTL function dataflow compiles`, head.token.offset);
    const items = raw.items.slice(1);
    let roles = f.roles(items.length);
    let elided = false;
    if (!roles && state.shorthand && items.length === minimumArity(f) - 1) {
      const full = f.roles(items.length + 1)!;
      if (full[full.length - 1] === 'value' || full[full.length - 1] === 'datetime') {
        roles = full;
        elided = true;
      }
    }
    if (f.name === 'replace' && items.length === 2 && items[0]!.r !== 'dict' && items[0]!.r !== 'list')
      throw new DtlReadError('"replace" with two arguments takes a dict of replacements first', head.token.offset);
    if (!roles) throw new DtlReadError(`"${f.name}" does not take ${items.length} argument${items.length === 1 ? '' : 's'}`, head.token.offset);
    if (roles[0] === 'fallback' && items.length === 2) state.usesFallback = true;
    const args = items.map((item, k) => interpret(item, roles![k]!, state));
    if (elided) args.push({ kind: 'current', offset: raw.offset });
    return { kind: 'call', name: f.name, args, offset: raw.offset };
  }
  const token = raw.token;
  const offset = token.offset;
  if (token.t === 'number') return { kind: /^-?\d+$/.test(token.text) ? 'integer' : 'float', text: token.text, offset };
  if (token.t === 'word') return token.value === null ? { kind: 'null', offset } : { kind: 'boolean', value: token.value, offset };
  const text = token.value;
  if (role !== 'param') {
    if (text === '_.') return { kind: 'current', offset };
    if (text.startsWith('_.')) {
      state.notes.push({ message: `"${text}" reads the property ${JSON.stringify(text.slice(2))} of the row's value (null when the value is not a dict holding it)`, offset });
      return { kind: 'path', path: text.slice(2).split('.'), offset };
    }
    if (/^_[A-Za-z]*\./.test(text) || text === '_')
      throw new DtlReadError(`"${text}" needs a variable other than the row's value ("_."), which a data-type cell does not have`, offset);
    const f = dtlFunction(text);
    if (f?.elidable && state.shorthand) return { kind: 'call', name: f.name, args: [{ kind: 'current', offset }], offset };
  }
  return { kind: 'string', value: text, offset };
}

function subsets(n: number, k: number, limit: number): number[][] | undefined {
  const out: number[][] = [];
  const pick: number[] = [];
  function walk(from: number): boolean {
    if (pick.length === k) {
      out.push([...pick]);
      return out.length <= limit;
    }
    for (let i = from; i <= n - (k - pick.length); i++) {
      pick.push(i);
      if (!walk(i + 1)) return false;
      pick.pop();
    }
    return true;
  }
  return walk(0) ? out : undefined;
}

export type DtlReading =
  | {
      ok: true;
      node: DtlNode;
      /** Canonical text of the reading. */
      text: string;
      /** Brackets were put back or elisions expanded: the reading differs from the text as written. */
      repaired: boolean;
      notes: { message: string; offset: number }[];
    }
  | { ok: false; message: string; offset: number };

function readTokens(tokens: readonly Token[], autoClose: boolean, shorthand = true): Interpretation {
  return readRaw(parseTokens(tokens, autoClose), shorthand);
}

/** Reads parsed JSON as a DTL expression; throws DtlReadError. */
export function readRaw(raw: Raw, shorthand: boolean): Interpretation {
  const state: Interpretation = { node: null as unknown as DtlNode, usesFallback: false, notes: [], shorthand };
  state.node = interpret(raw, 'value', state);
  if (state.node.kind !== 'call') throw new DtlReadError('not a DTL expression (a function call)', 0);
  return state;
}

/** Reads an expression written as DTL (the command line): strings are literals, nothing is repaired. */
export function readDtl(text: string): DtlReading {
  try {
    const { node, notes } = readTokens(tokenize(text), false, false);
    return { ok: true, node, text: toText(node), repaired: false, notes };
  } catch (error) {
    if (error instanceof DtlReadError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

/** Reads a data-type cell, putting back lost `[` (see the module comment). */
export function readDtlCell(text: string): DtlReading {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof DtlReadError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
  const opens = tokens.filter((t) => t.t === '[').length;
  const closes = tokens.filter((t) => t.t === ']').length;
  const missing = closes - opens;
  if (missing < 0) return { ok: false, message: `${-missing} more "[" than "]"`, offset: 0 };
  // Where a lost "[" can go: before a function name that does not already follow one.
  const places = tokens.flatMap((t, i) =>
    t.t === 'string' && dtlFunction(t.value) && tokens[i - 1]?.t !== '[' ? [i] : [],
  );
  const errors: DtlReadError[] = [];
  for (const extra of [0, 1]) {
    const k = missing + extra;
    const choices = subsets(places.length, k, 20000);
    if (!choices) return { ok: false, message: 'too many places a lost "[" could go to read the expression', offset: 0 };
    const found = new Map<string, Interpretation>();
    for (const choice of choices) {
      const at = new Set(choice.map((c) => places[c]!));
      const stream: Token[] = [];
      tokens.forEach((t, i) => {
        if (at.has(i)) stream.push({ t: '[', offset: t.offset });
        stream.push(t);
      });
      try {
        const reading = readTokens(stream, extra > 0);
        found.set(toText(reading.node), reading);
      } catch (error) {
        if (!(error instanceof DtlReadError)) throw error;
        errors.push(error);
      }
    }
    let readings = [...found];
    if (readings.length > 1) {
      const plain = readings.filter(([, r]) => !r.usesFallback);
      if (plain.length > 0) readings = plain;
    }
    if (readings.length === 1) {
      const [canonical, reading] = readings[0]!;
      return { ok: true, node: reading.node, text: canonical, repaired: k > 0 || canonical !== toText(reading.node) || text.replace(/\s+/g, '') !== canonical, notes: reading.notes };
    }
    if (readings.length > 1)
      return {
        ok: false,
        message: `more than one reading restores the lost brackets: ${readings.map(([t]) => t).join(' or ')}`,
        offset: 0,
      };
  }
  const head = tokens[0]?.t === '[' ? tokens[1] : tokens[0];
  if (head?.t === 'string' && !dtlFunction(head.value))
    return { ok: false, message: `"${head.value}" is not a DTL function dataflow compiles`, offset: head.offset };
  if (missing === 0 && errors.length > 0) return { ok: false, message: errors[0]!.message, offset: errors[0]!.offset };
  const distinct = [...new Set(errors.map((e) => e.message))];
  const why = distinct.length === 1 ? `: ${distinct[0]}` : '';
  const offset = distinct.length === 1 ? errors[0]!.offset : 0;
  return { ok: false, message: `no placement of the ${missing} lost "[" gives a valid DTL expression${why}`, offset };
}
