import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
function dataflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/dataflow.js', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('help and a missing command', () => {
  it('no command at all is a usage error: the help on stderr, nothing on stdout, exit 2', () => {
    const { code, stdout, stderr } = dataflow();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: dataflow \[options\] \[command\]/);
    expect(stderr).toContain('Exit codes: 0 success');
  });

  it('a command group without its subcommand is a usage error too (its help on stderr, exit 2)', () => {
    for (const group of ['state', 'dtl', 'templates']) {
      const { code, stdout, stderr } = dataflow(group);
      expect({ group, code, stdout }).toEqual({ group, code: 2, stdout: '' });
      expect(stderr).toMatch(new RegExp(`^Usage: dataflow ${group} `));
    }
  });

  it('help asked for is data: --help, -h and `help [command]` print on stdout and exit 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['help', 'generate'], ['state', '--help']]) {
      const { code, stdout, stderr } = dataflow(...args);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(stdout).toMatch(/^Usage: dataflow/);
    }
  });

  it('--version prints the version on stdout and exits 0; an unknown command exits 2', () => {
    expect(dataflow('--version')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const unknown = dataflow('generat');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'generat'/);
  });
});
