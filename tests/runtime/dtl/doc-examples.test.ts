/**
 * The examples of Sesam's DTL documentation (datanav/docs hub/dtl/) for every
 * function the spec corpus uses, evaluated with the runtime's DTL functions.
 * tests/fixtures/dtl/doc-examples.json holds them with file:line; where an
 * example needs `_S` the value is given as `_.`, and doc slips are noted.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../generator/dtl/evaluate.js';
import { readJsonValue } from '../../../generator/dtl/json-value.js';
import { readDtl } from '../../../generator/dtl/read.js';
import { encodeJson } from '../../../runtime/dtl/transit.js';
import { examples } from '../../fixtures/dtl/doc-examples.js';

describe('DTL documentation examples', () => {
  it('cover every function the corpus uses', () => {
    const used = new Set(examples.flatMap((e) => [...e.expression.matchAll(/\["([a-z-]+)"/g)].map((m) => m[1])));
    for (const f of ['if', 'if-null', 'eq', 'neq', 'gt', 'or', 'is-empty', 'is-null', 'is-decimal', 'is-boolean', 'matches', 'join', 'slice', 'split', 'replace', 'integer', 'decimal', 'float', 'string', 'boolean', 'list', 'first', 'datetime-format', 'datetime-parse', 'datetime-diff', 'abs', 'now'])
      expect(used, f).toContain(f);
  });

  for (const e of examples) {
    it(`${e.doc}: ${e.expression}${e.value === undefined ? '' : ` with _. = ${e.value}`} gives ${e.result}`, () => {
      const reading = readDtl(e.expression);
      if (!reading.ok) throw new Error(reading.message);
      const value = e.value === undefined ? null : readJsonValue(e.value);
      expect(encodeJson(evaluate(reading.node, value))).toBe(e.result);
    });
  }
});
