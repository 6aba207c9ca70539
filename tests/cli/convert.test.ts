/** `dataflow convert`, run in-process: Markdown on stdout, the original's diagnostics on stderr, contract exit codes. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../generator/cli/main.js';
import { parseSpecText } from '../../generator/parse.js';

const fixtures = 'tests/fixtures/markdown/convert';

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function run(...argv: string[]): Promise<number> {
  process.exitCode = undefined;
  return main(argv);
}

describe('dataflow convert', () => {
  it('prints the Markdown form of an RST spec, escaped so it parses back the same', async () => {
    expect(await run('convert', `${fixtures}/odd-cells.rst`)).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('# Invoiced to CRMOffice Dataflow\n');
    expect(stdout).toContain('| $original_id ');
    expect(stdout).toContain('"if", "eq", "\\_.", "a\\|b"], "integer", "string"]');
    const original = parseSpecText('odd-cells.rst', readFileSync(`${fixtures}/odd-cells.rst`));
    const back = parseSpecText('odd-cells.md', stdout);
    expect(back.flows.map((f) => f.properties.map((p) => [p.source.raw, p.target.raw, p.type.raw]))).toEqual(
      original.flows.map((f) => f.properties.map((p) => [p.source.raw, p.target.raw, p.type.raw])),
    );
  });

  it('still prints the Markdown of a spec with errors, reports them, and exits 1', async () => {
    expect(await run('convert', `${fixtures}/broken.rst`)).toBe(1);
    expect(stdout).toContain('## Invoiced Contacts to CRMOffice Contacts\n');
    expect(stderr).toMatch(/^tests\/fixtures\/markdown\/convert\/broken\.rst:\d+:\d+: error: .* \[table-columns\]$/m);
  });

  it('writes to --output instead of stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-convert-'));
    try {
      const out = join(dir, 'odd-cells.md');
      expect(await run('convert', `${fixtures}/odd-cells.rst`, '--output', out)).toBe(0);
      expect(stdout).toBe('');
      expect(readFileSync(out, 'utf8')).toContain('# Invoiced to CRMOffice Dataflow\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('normalises a Markdown spec', async () => {
    expect(await run('convert', 'tests/fixtures/markdown/valid-spec.md')).toBe(0);
    expect(stdout).toContain('| email                      | emailAddress                |\n');
    expect(stdout).not.toContain('<!--');
  });

  it.each([
    ['a missing file', ['convert', `${fixtures}/nope.rst`], /no such file/],
    ['a folder', ['convert', fixtures], /is a folder/],
    ['no file', ['convert'], /missing required argument/],
  ])('exits 2 on %s', async (_, argv, message) => {
    expect(await run(...argv)).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
