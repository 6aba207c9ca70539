/**
 * `dataflow dtl eval` (contracts.md section 5), run as the installed command:
 * every documentation example passes through `--stdin` (JSON Lines, transit
 * encoding both ways) and through `EXPR --value`; exit 2 when a line is not JSON.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { examples } from '../fixtures/dtl/doc-examples.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** In-process, for the many single-expression runs (a process each would take seconds on a small machine). */
async function inProcess(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = undefined;
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

function dataflow(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8', input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dataflow dtl eval --stdin', () => {
  it('gives the documented result for every documentation example, one line per input line', () => {
    // The expression and value are spliced in as written, so 1.0 stays a float and 42 an integer.
    const input = examples
      .map((e) => `{"expression": ${e.expression}${e.value === undefined ? '' : `, "value": ${e.value}`}}`)
      .join('\n');
    const run = dataflow(['dtl', 'eval', '--stdin'], `${input}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual(examples.map((e) => `{"result":${e.result}}`));
  });

  it('takes the expression as a string of DTL text too, and reports errors per line', () => {
    const run = dataflow(
      ['dtl', 'eval', '--stdin'],
      [
        '{"expression": "[\\"integer\\", \\"_.\\"]", "value": "~f12.50"}',
        '{"expression": ["nosuch", "_."]}',
        '{"value": 1}',
        '{"expression": ["datetime-format", "No/Such_Zone", "%Y", "_."], "value": "~t2024-01-01T00:00:00Z"}',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ result: 12 });
    expect(lines[1]!.error).toMatch(/"nosuch" is not a DTL function/);
    expect(lines[2]!.error).toMatch(/no "expression"/);
    expect(lines[3]!.error).toMatch(/unknown time zone "No\/Such_Zone"/);
  });

  it('exits 2 when a line is not JSON, and still answers every other line', () => {
    const run = dataflow(['dtl', 'eval', '--stdin'], '{"expression": ["list"]}\nnot json\n{"expression": ["integer", "7"]}\n');
    expect(run.code).toBe(2);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('{"result":[]}');
    expect(JSON.parse(lines[1]!).error).toMatch(/line 2 is not JSON/);
    expect(lines[2]).toBe('{"result":7}');
  });
});

describe('dataflow dtl eval EXPR', () => {
  it('prints the documented result of every documentation example as transit-encoded JSON', async () => {
    for (const e of examples) {
      const run = await inProcess('dtl', 'eval', e.expression, ...(e.value === undefined ? [] : ['--value', e.value]));
      expect({ doc: e.doc, out: run.stdout.trimEnd(), code: run.code }).toEqual({ doc: e.doc, out: e.result, code: 0 });
    }
  });

  it('keeps integers of any size and decimals with their scale', () => {
    expect(dataflow(['dtl', 'eval', '["integer", "_."]', '--value', '"123456789012345678901234567890"']).stdout).toBe('123456789012345678901234567890\n');
    expect(dataflow(['dtl', 'eval', '["decimal", "_."]', '--value', '"~f12.50"']).stdout).toBe('"~f12.50"\n');
  });

  it('--cell reads a data-type cell as the spec writes it', async () => {
    const cell = '"if", "neq", "_.", "X"], "integer", "string"]';
    expect((await inProcess('dtl', 'eval', '--cell', cell, '--value', '"42"')).stdout).toBe('42\n');
    expect((await inProcess('dtl', 'eval', '--cell', cell, '--value', '"X"')).stdout).toBe('"X"\n');
    // Without --cell the same text is not DTL: its brackets are unbalanced.
    expect((await inProcess('dtl', 'eval', cell)).code).toBe(2);
  });

  it('a bad expression or value is a usage error (exit 2) with a message', async () => {
    const bad = await inProcess('dtl', 'eval', '["integer"');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dataflow: expression at offset 0: a list that is never closed/);
    expect((await inProcess('dtl', 'eval', '["integer", "_."]', '--value', '{oops')).code).toBe(2);
    expect((await inProcess('dtl', 'eval')).code).toBe(2);
  });
});
