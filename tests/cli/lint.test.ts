import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
function dataflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dataflow lint', () => {
  it('prints findings as diagnostics on stderr and exits 1 on an error finding', () => {
    const { code, stdout, stderr } = dataflow('lint', 'tests/fixtures/lint');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^tests\/fixtures\/lint\/a-b\.rst:15:4: error: Beta Contact field "years" is typed "integer" here, .* \[field-type-conflict\]$/m);
    expect(stderr).toMatch(/^lint: 3 specs, 2 errors, 5 warnings$/m);
  });

  it('exits 0 when there are warnings only', () => {
    const { code, stderr } = dataflow('lint', 'specs');
    expect(code).toBe(0);
    expect(stderr).toMatch(/\[empty-flow\]/);
  });

  it('--format json prints {findings, errors, warnings, infos} on stdout', () => {
    const { code, stdout } = dataflow('lint', '--format', 'json', 'tests/fixtures/lint/a-b.rst', 'tests/fixtures/lint/c-b.rst');
    expect(code).toBe(1);
    const out = JSON.parse(stdout) as { findings: { file: string; line: number; code: string }[]; errors: number };
    expect(out.errors).toBe(2);
    expect(out.findings.map((f) => `${f.file}:${f.line} ${f.code}`)).toContain('tests/fixtures/lint/c-b.rst:15 field-type-conflict');
  });

  it('--format github prints workflow commands', () => {
    const { stdout } = dataflow('lint', '--format', 'github', 'tests/fixtures/lint');
    expect(stdout).toMatch(/^::error file=tests\/fixtures\/lint\/a-b\.rst,line=15,col=4,title=field-type-conflict::Beta Contact field/m);
    expect(stdout).toMatch(/^::warning file=tests\/fixtures\/lint\/a-b\.rst,line=36,col=1,title=empty-flow::/m);
  });

  it('a bad path or format is a usage error (exit 2)', () => {
    expect(dataflow('lint', 'no/such/dir').code).toBe(2);
    expect(dataflow('lint', '--format', 'xml', 'specs').code).toBe(2);
  });
});
