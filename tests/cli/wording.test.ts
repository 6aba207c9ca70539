import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plural } from '../../runtime/plural.js';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, projectWithSpecs } from '../fixtures/generate/project.js';

/** One flow, one property row, one warning: every count a command prints about it is 1 or 0. */
const ONE = `======================
Alpha to Beta Dataflow
======================

Alpha Customers to Beta Contacts
--------------------------------
Every Alpha Customers will be synchronized with a Beta Contacts.

This sentence is not one the reader knows.

The following properties are synchronized between a Alpha Customers and a Beta Contacts:

.. list-table::
   :header-rows: 1

   * - Alpha Customers Property
     - Beta Contacts Property
     - Beta Data Type
   * - email
     - emailAddress
     - "string"
`;

/** A count of one with a plural noun (`1 specs`, `1 errors`, `1 files`), or a noun hedged as `spec(s)`. */
const WRONG = /\b1 (specs|files|flows|errors|warnings|links|rows|fields|entities|documents|lint findings|predicates|records|properties|merge criteria|pending creations|conflicts|results)\b|\w\(s\)/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

describe('counts in words', () => {
  it('plural: 1 spec, 0 specs, 2 specs; irregular nouns given', () => {
    expect([0, 1, 2].map((n) => plural(n, 'spec'))).toEqual(['0 specs', '1 spec', '2 specs']);
    expect(plural(1, 'property', 'properties')).toBe('1 property');
    expect(plural(3, 'property', 'properties')).toBe('3 properties');
  });

  it('what parse, generate, check, lint and docs print about one spec with one flow and one warning says 1 of each, never "1 errors" or "spec(s)"', () => {
    const dir = projectWithSpecs('wording', { 'alpha-beta.rst': ONE });
    const outputs: string[] = [];
    const run = (...args: string[]) => {
      const result = dataflow(dir, ...args);
      outputs.push(`$ dataflow ${args.join(' ')}\n${result.stdout}${result.stderr}`);
      return result;
    };
    expect(run('parse', 'specs').stdout).toContain('(Alpha -> Beta), 1 flow, 0 errors, 1 warning\n');
    expect(run('generate').stderr).toMatch(/^generate: 1 spec \(1 rendered, 0 unchanged\), \d+ files written, 0 removed$/m);
    expect(run('generate').stderr).toContain('generate: 1 spec (0 rendered, 1 unchanged), 0 files written, 0 removed');
    expect(run('check').stderr).toContain('check: generated is up to date with 1 spec\n');
    expect(run('lint').stderr).toContain('lint: 1 spec, 0 errors, 0 warnings\n');
    expect(run('docs', '--out', 'site').stderr).toMatch(/^docs: 1 spec, 1 flow, 0 lint findings -> site\/index\.html/m);
    appendFileSync(join(dir, 'generated', 'alpha-beta', 'index.ts'), '// edited\n');
    expect(run('check').stderr).toContain('check: 1 file out of date; run `dataflow generate`\n');
    expect(run('generate').stderr).toContain('generate: 1 spec (1 rendered, 0 unchanged), 1 file written, 0 removed');
    // The table a row short: an error.
    writeFileSync(join(dir, 'specs', 'alpha-beta.rst'), ONE.replace('     - "string"\n', ''));
    expect(run('check').stderr).toContain('check: 1 of 1 spec with errors (nothing is generated from them)');
    expect(run('parse', 'specs').stdout).toContain('1 flow, 1 error, 1 warning\n');

    const text = outputs.join('\n');
    expect(text.match(WRONG), text).toBeNull();
    const site = ['index.html', ...readdirSync(join(dir, 'site'), { recursive: true }).map(String).filter((f) => f.endsWith('.html'))];
    for (const page of site) {
      const words = readFileSync(join(dir, 'site', page), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      expect(words.match(WRONG), page).toBeNull();
    }
  });

  it('no message in generator/ or runtime/ hedges a plural as "(s)"', () => {
    const hedged: string[] = [];
    for (const file of [...sourceFiles(join(projectRoot, 'generator')), ...sourceFiles(join(projectRoot, 'runtime'))]) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Comments may quote other tools' messages (esbuild's `N error(s)`); messages may not say it (a call `f(s)` is
          // code, `spec(s) with`, `file(s)\n` are words).
          const code = line.replace(/^\s*(\*|\/\/|\/\*\*?).*$/, '').replace(/\s\/\/ .*$/, '');
          if (/[a-z]\(s\)( [a-z]|\\n|`)/.test(code)) hedged.push(`${file.slice(projectRoot.length)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hedged).toEqual([]);
  });
});
