/**
 * Every data-type form the corpus holds, and those ../shared/docs/dtl.md lists
 * from the held-out documents, with the reading the cell reader gives (lost
 * brackets restored, bare unary names read as functions of `_.`, literals kept);
 * and the cells that have no unique reading, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { readDtlCell } from '../../../generator/dtl/read.js';
import { parseSpecFile } from '../../../generator/parse.js';
import { corpusFiles, hasCorpus, SKIP_REASON } from '../corpus.js';

/** form as written -> reading (canonical DTL text). Counts are rows in ../shared/corpus (dtl.md's held-out counts in brackets). */
const FORMS: [string, string][] = [
  // 43 rows (1846/757/199)
  ['"datetime-format","%Y-%m-%d","_."]', '["datetime-format","%Y-%m-%d","_."]'],
  ['["datetime-format","%Y-%m-%d","_."]', '["datetime-format","%Y-%m-%d","_."]'],
  ['"datetime-format","%Y-%m-%dT%H:%M:%S","_."]', '["datetime-format","%Y-%m-%dT%H:%M:%S","_."]'],
  // 13 (509): one "[" lost before "if" and one before "neq"; the bare casts are functions of _.
  ['"if", "neq", "_.", "X"], "integer", "string"]', '["if",["neq","_.","X"],["integer","_."],["string","_."]]'],
  ['["if",["neq","_.","X"],["integer","_."],["string","_."]]', '["if",["neq","_.","X"],["integer","_."],["string","_."]]'],
  // 9 (323)
  ['"replace"," ","", "string"]', '["replace"," ","",["string","_."]]'],
  // 5 + 2 (255/161)
  ['"if","matches","+*","_."],"join"," ","slice", 1,"split", " ","_."]]],"_."]', '["if",["matches","+*","_."],["join"," ",["slice",1,["split"," ","_."]]],"_."]'],
  ['"if","matches","+* *","_."],"join"," ","slice", 1,"split", " ","_."]]],"_."]', '["if",["matches","+* *","_."],["join"," ",["slice",1,["split"," ","_."]]],"_."]'],
  // 5 + 4 (261): "-" is the literal dash, not the two-argument `-` function
  ['"if","or","is-empty","_."],"eq","","_."]],"-","_."]', '["if",["or",["is-empty","_."],["eq","","_."]],"-","_."]'],
  ['["if",["or",["is-empty","_."],["eq","","_."]],"-","_."]', '["if",["or",["is-empty","_."],["eq","","_."]],"-","_."]'],
  // 4 (204)
  ['"if", "is-decimal", "decimal", "integer"]', '["if",["is-decimal","_."],["decimal","_."],["integer","_."]]'],
  // 3 (239 + 58)
  ['"integer", "decimal"]', '["integer",["decimal","_."]]'],
  ['["integer",["decimal","_."]]', '["integer",["decimal","_."]]'],
  // 3 (37)
  ['["string", ["integer", ["decimal", "_."]]]', '["string",["integer",["decimal","_."]]]'],
  // 1 (31): no brackets at all, and VALUES elided
  ['"datetime-parse", "%Y-%m-%dT%H:%M:%S.%fZ"', '["datetime-parse","%Y-%m-%dT%H:%M:%S.%fZ","_."]'],
  // 1 (29): the nested datetime-format lacks its `"_."]`
  [
    '"if","gt","abs","datetime-diff", "year", "_.","now"]]], 100], "1935-01-01","datetime-format", "%Y-%m-%d"]',
    '["if",["gt",["abs",["datetime-diff","year","_.",["now"]]],100],"1935-01-01",["datetime-format","%Y-%m-%d","_."]]',
  ],
  // 1 (16): arity picks the reading (if takes 3 arguments)
  ['"if", "is-boolean", "boolean"], "boolean", "string"]', '["if",["is-boolean",["boolean","_."]],["boolean","_."],["string","_."]]'],
  // 1 (24): ["decimal", "float", "decimal"] would read float as decimal's default; the shorthand never uses defaults
  ['"if", "is-decimal", "decimal", "float", "decimal"]]', '["if",["is-decimal","_."],["decimal","_."],["float",["decimal","_."]]]'],
  // (41 + 9)
  ['"if-null","integer","string"],"decimal"]', '["if-null",["integer",["string","_."]],["decimal","_."]]'],
  ['["if-null",["integer",["string","_."]],["decimal","_."]]', '["if-null",["integer",["string","_."]],["decimal","_."]]'],
  // (80)
  ['"decimal","_."]', '["decimal","_."]'],
  // (13): no brackets, a bare name alone
  ['"first"', '["first","_."]'],
  // (7)
  ['"list","_."]', '["list","_."]'],
  // (4)
  ['"if","is-empty","_."],true,"boolean"]', '["if",["is-empty","_."],true,["boolean","_."]]'],
  // (3): balanced by "[" alone; a path into the current value and no ELSE (a dtl-path warning says so)
  ['"if","is-null","_.global-property:DefaultValue"],"integer"]', '["if",["is-null","_.global-property:DefaultValue"],["integer","_."]]'],
];

/** Cells with no unique reading: the message says why. */
const UNREADABLE: [string, RegExp][] = [
  ['"lower","_."]', /"lower" is not a DTL function dataflow compiles/],
  ['["if", "_S.x", 1, 2]', /"_S.x" needs a variable other than the row's value/],
  ['"if", "eq", "_.", 1], 2]]', /no placement of the 3 lost "\["/],
  ['["integer", "_."]]', /"]" with no "\[" to close|no placement/],
  ['[["integer", "_."]]', /more "\[" than "\]"|not a function name/],
  ['"replace", "a", "b"', /more than one expression/],
  ['"if", "neq", "_.", "X], "integer"]', /unexpected "i"/],
];

describe('reading data-type cells', () => {
  it.each(FORMS)('%s reads as %s', (form, reading) => {
    const read = readDtlCell(form);
    expect(read.ok ? read.text : read.message).toBe(reading);
  });

  it.each(UNREADABLE)('%s has no reading', (form, why) => {
    const read = readDtlCell(form);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(why);
  });

  it('finds the only valid reading among several bracket placements, and reports a tie', () => {
    // Both ["if",["eq","_.",1],2,3] and ["if",["eq","_.",1,2],3] balance; only the first has valid arities.
    const unique = readDtlCell('"if", "eq", "_.", 1], 2, 3]');
    expect(unique.ok && unique.text).toBe('["if",["eq","_.",1],2,3]');
    // if(is-null(_), integer(decimal(_))) and if(is-null(_), integer(_), decimal(_)) both fit: a diagnostic, not a guess.
    const tie = readDtlCell('"if", "is-null", "integer", "decimal"]]');
    expect(tie.ok).toBe(false);
    if (!tie.ok) expect(tie.message).toMatch(/more than one reading/);
  });
});

describe.skipIf(!hasCorpus)('every expression form in the corpus', () => {
  it('is in the table above, and each cell of it either has its reading in the IR or a dtl-reading warning', async () => {
    if (!hasCorpus) return console.warn(SKIP_REASON);
    const table = new Map(FORMS);
    const forms = new Map<string, number>();
    for (const file of corpusFiles()) {
      const doc = await parseSpecFile(file);
      for (const flow of doc.flows)
        for (const p of flow.properties) {
          if (p.type.kind !== 'expression' && p.type.kind !== 'datetime') continue;
          forms.set(p.type.raw, (forms.get(p.type.raw) ?? 0) + 1);
          const warned = doc.diagnostics.some((d) => d.code === 'dtl-reading' && d.line === p.line);
          expect(p.type.expression !== undefined || warned, `${file}:${p.line} ${p.type.raw}`).toBe(true);
        }
    }
    const missing = [...forms.keys()].filter((f) => !table.has(f));
    expect(missing).toEqual([]);
    expect(forms.size).toBeGreaterThanOrEqual(16);
    for (const [form] of forms) {
      const read = readDtlCell(form);
      expect(read.ok && read.text, form).toBe(table.get(form));
    }
  });
});
