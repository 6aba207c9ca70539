import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
function dataflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const MALFORMED = 'tests/fixtures/parse/malformed';

describe('dataflow parse', () => {
  it('--json prints {"documents": [...]} on stdout and nothing on stderr for clean specs', () => {
    const { code, stdout, stderr } = dataflow('parse', '--json', 'specs/invoiced-crmoffice.rst', 'specs/hubspot-tripletex.rst');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const { documents } = JSON.parse(stdout) as { documents: { file: string; flows: unknown[]; diagnostics: unknown[] }[] };
    expect(documents.map((d) => [d.file, d.flows.length, d.diagnostics.length])).toEqual([
      ['specs/invoiced-crmoffice.rst', 3, 0],
      ['specs/hubspot-tripletex.rst', 8, 0],
    ]);
  });

  it('a folder is searched recursively, files sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-parse-'));
    writeFileSync(join(dir, 'b.rst'), 'B to C Dataflow\n===============\n');
    writeFileSync(join(dir, 'a.rst'), 'A to C Dataflow\n===============\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a spec');
    const { code, stdout } = dataflow('parse', '--json', dir);
    expect(code).toBe(0);
    const { documents } = JSON.parse(stdout) as { documents: { file: string; title: string }[] };
    expect(documents.map((d) => d.title)).toEqual(['A to C Dataflow', 'B to C Dataflow']);
  });

  it('without --json prints a summary on stdout', () => {
    const { code, stdout } = dataflow('parse', 'specs/hubspot-tripletex.rst');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^specs\/hubspot-tripletex\.rst: "HubSpot to Tripletex Dataflow" \(HubSpot -> Tripletex\), 8 flows, 0 errors, 0 warnings\n/);
    expect(stdout).toContain('  187: HubSpot Deal -> Tripletex Order: 3 properties, 0 merge criteria; trigger "When a HubSpot Deal has a 100% probability of beeing sold"\n');
  });

  it('warnings go to stderr as path:line:column: severity: message [code], exit 0', () => {
    const file = `${MALFORMED}/unknown-type.rst`;
    const { code, stdout, stderr } = dataflow('parse', '--json', file);
    expect(code).toBe(0);
    expect(stderr).toBe(`${file}:42:8: warning: unknown data type "\\"money\\""; kept verbatim, values are passed through unchanged [unknown-type]\n`);
    expect(JSON.parse(stdout).documents).toHaveLength(1);
  });

  it.each(['empty.rst', 'table-cells-1-and-5.rst', 'table-no-header.rst', 'directive-never-ends.rst', 'missing-title.rst'])(
    'exits 1 with error diagnostics on stderr for %s, and still prints the result',
    (name) => {
      const { code, stdout, stderr } = dataflow('parse', '--json', `${MALFORMED}/${name}`);
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^${MALFORMED}/${name}:\\d+:\\d+: error: .+ \\[[a-z-]+\\]$`, 'm'));
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(JSON.parse(stdout).documents).toHaveLength(1);
    },
  );

  const valid = readFileSync(`${MALFORMED}/valid.rst`, 'utf8');
  const generated: [string, Uint8Array | string][] = [
    ['binary junk', Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256)],
    ['NUL bytes', valid.replace('phone_numbers', 'phone\0numbers')],
    ['invalid UTF-8', Buffer.concat([Buffer.from(valid.slice(0, 100)), Buffer.from([0xc3, 0x28]), Buffer.from(valid.slice(100))])],
    ['a 5 MB line', valid.replace('This technical document', 'x'.repeat(5 * 1024 * 1024))],
  ];
  it.each(generated)('%s exits 1 with errors on stderr, no stack trace', (_name, contents) => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-parse-'));
    const file = join(dir, 'bad.rst');
    writeFileSync(file, contents);
    const { code, stdout, stderr } = dataflow('parse', '--json', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/: error: .+ \[[a-z0-9-]+\]$/m);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(stdout).documents).toHaveLength(1);
  });

  const odd: [string, Uint8Array | string][] = [
    ['a BOM and CRLF', `\uFEFF${valid.replace(/\n/g, '\r\n')}`],
    ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')])],
  ];
  it.each(odd)('%s parses as its content says: exit 0', (_name, contents) => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-parse-'));
    const file = join(dir, 'odd.rst');
    writeFileSync(file, contents);
    const { code, stdout, stderr } = dataflow('parse', '--json', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).documents[0].flows[0].properties).toHaveLength(3);
  });

  it('a path that does not exist is a usage error: exit 2', () => {
    const { code, stdout, stderr } = dataflow('parse', 'specs/no-such-spec.rst');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('no such file or folder: specs/no-such-spec.rst');
  });

  it('no path at all is a usage error: exit 2', () => {
    const { code, stdout } = dataflow('parse');
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});
