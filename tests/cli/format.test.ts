import { describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, tempProject } from '../fixtures/generate/project.js';

const history = join(projectRoot, '..', 'shared', 'corpus', 'history');
const latest = join(projectRoot, '..', 'shared', 'corpus', 'latest');

/** A real spec change with four breaking row removals, as old/ and new/ folders of one spec. */
function specChange(name: string): string {
  const dir = tempProject(name);
  for (const [side, version] of [['old', '4784006821a3'], ['new', 'bf8424154c1f']] as const) {
    mkdirSync(join(dir, side));
    copyFileSync(join(history, `superoffice-shopify@2024-07-03@${version}.rst`), join(dir, side, 'superoffice-shopify.rst'));
  }
  return dir;
}

const flow = 'SuperOffice Person to Shopify Customer';

describe('--format and the config', () => {
  it('parse: json is the --json document; github prints workflow-command annotations with file, line and column', () => {
    const dir = tempProject('format-parse');
    writeFileSync(join(dir, 'bad.rst'), 'Title only\n==========\n\nSome text.\n');
    const json = dataflow(dir, 'parse', '--format', 'json', 'bad.rst');
    expect(json.stdout).toBe(dataflow(dir, 'parse', '--json', 'bad.rst').stdout);
    expect(JSON.parse(json.stdout).documents).toHaveLength(1);
    const github = dataflow(dir, 'parse', '--format', 'github', 'bad.rst');
    expect(github.stdout).toMatch(/^::(error|warning) file=bad\.rst,line=\d+,col=\d+,title=[\w-]+::.+\[[\w-]+\]$/m);
    expect(github.stderr).toBe('');
    expect(github.status).toBe(json.status);
    const wrong = dataflow(dir, 'parse', '--format', 'xml', 'bad.rst');
    expect(wrong.stderr).toContain('--format must be text, json or github, not "xml"');
    expect(wrong.status).toBe(2);
  });

  it('github annotates errors and warnings, not info: a real spec\'s label-system info goes to the log (stderr) in parse, generate, check and lint', () => {
    // exact-salesforce.rst writes its source system "Exact Online" as "Exact" in one label: an info, on every run.
    const dir = tempProject('format-info');
    mkdirSync(join(dir, 'specs'));
    copyFileSync(join(latest, 'exact-salesforce.rst'), join(dir, 'specs', 'exact-salesforce.rst'));
    const info = 'specs/exact-salesforce.rst:12:1: info: source label "Exact Items" writes the system "Exact Online" as "Exact" [label-system]\n';
    for (const args of [['parse', 'specs'], ['generate'], ['check'], ['lint', 'specs']]) {
      const github = dataflow(dir, ...args, '--format', 'github');
      expect({ args, status: github.status }).toEqual({ args, status: 0 });
      expect(github.stdout).not.toContain('::notice');
      if (args[0] !== 'lint') {
        expect(github.stderr).toContain(info);
        // Warnings still are annotations.
        expect(github.stdout).toMatch(/^::warning file=specs\/exact-salesforce\.rst,line=253,col=1,title=duplicate-flow::/m);
      }
    }
    // Text shows info as it shows warnings, on stderr; json keeps it in its document.
    const text = dataflow(dir, 'check');
    expect(text.stderr).toContain(info);
    expect(text.stdout).toBe('');
    const json = JSON.parse(dataflow(dir, 'check', '--format', 'json').stdout) as { diagnostics: { severity: string; code: string }[] };
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', code: 'label-system' }));
  });

  it("check: the config's format is the default, the flag wins; json and github list each finding", () => {
    const dir = tempProject('format-check');
    cpSync(join(projectRoot, 'specs', 'invoiced-crmoffice.rst'), join(dir, 'specs', 'invoiced-crmoffice.rst'));
    expect(dataflow(dir, 'generate').status).toBe(0);
    appendFileSync(join(dir, 'generated', 'invoiced-crmoffice', 'index.ts'), '// edited\n');
    writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ format: 'github' }));
    const github = dataflow(dir, 'check');
    expect(github.stdout).toBe(
      '::error file=generated/invoiced-crmoffice/index.ts,title=dataflow check%3A stale::stale: differs from what `dataflow generate` writes (edited by hand, or the spec changed)\n',
    );
    expect(github.status).toBe(1);
    const text = dataflow(dir, 'check', '--format', 'text');
    expect(text.stdout).toBe('stale: generated/invoiced-crmoffice/index.ts\n');
    const json = JSON.parse(dataflow(dir, 'check', '--format', 'json').stdout);
    expect(json).toEqual({
      upToDate: false,
      findings: [{ kind: 'stale', file: 'generated/invoiced-crmoffice/index.ts', message: expect.stringContaining('differs') }],
      diagnostics: [],
    });
  });

  it("diff: the config's accepted breaking changes are shown as accepted and no longer fail it; an entry that names nothing is a warning", () => {
    const dir = specChange('format-diff-accept');
    const before = dataflow(dir, 'diff', '--format', 'json', 'old', 'new');
    expect(before.status).toBe(1);
    const changes = JSON.parse(before.stdout).documents[0].changes as { accept?: object }[];
    expect(changes.map((c) => c.accept)).toEqual(
      ['Emails.Value -> email', 'Firstname -> first_name', 'Lastname -> last_name', 'OfficePhones.Value -> phone'].map((row) => ({
        kind: 'property-removed',
        spec: 'superoffice-shopify',
        flow,
        row,
      })),
    );

    // Three of the four accepted: the fourth still fails the diff.
    const accept = changes.slice(0, 3).map((c) => ({ ...c.accept, reason: 'Shopify keeps these itself now' }));
    writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ diff: { accept } }));
    const partly = dataflow(dir, 'diff', 'old', 'new');
    expect(partly.status).toBe(1);
    expect(partly.stdout).toContain('accepted    property removed: Emails.Value -> email ("string")');
    expect(partly.stdout).toContain('accepted in the config: Shopify keeps these itself now');
    expect(partly.stdout).toContain('breaking    property removed: OfficePhones.Value -> phone ("string")');
    expect(partly.stdout).toContain('1 breaking, 3 accepted, 0 compatible changes in 1 of 1 document.');

    const all = [...accept, { ...changes[3]!.accept }, { kind: 'flow-removed', spec: 'superoffice-shopify', flow: 'Nothing Like This' }];
    writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ diff: { accept: all } }));
    const accepted = dataflow(dir, 'diff', 'old', 'new');
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain('0 breaking, 4 accepted, 0 compatible changes');
    expect(accepted.stderr).toMatch(/dataflow\.config\.json: warning: diff\.accept\[4\] \(flow-removed in superoffice-shopify, flow "Nothing Like This"\) names no breaking change/);
    const json = JSON.parse(dataflow(dir, 'diff', '--json', 'old', 'new').stdout);
    expect(json).toMatchObject({ breaking: false, summary: { breaking: 0, accepted: 4 } });
    expect(json.documents[0].changes[0].accepted).toEqual({ reason: 'Shopify keeps these itself now' });
    const github = dataflow(dir, 'diff', '--format', 'github', 'old', 'new');
    expect(github.stdout).toContain(`::notice file=new/superoffice-shopify.rst,line=30,title=accepted change::superoffice-shopify.rst: ${flow}: property removed: Emails.Value -> email ("string") (accepted: Shopify keeps these itself now)`);
    expect(github.stdout).toMatch(/::warning file=.*dataflow\.config\.json::diff\.accept\[4\]/);

    // A row of another flow, or no row, names nothing: accepting is exact.
    writeFileSync(join(dir, 'dataflow.config.json'), JSON.stringify({ diff: { accept: [{ kind: 'property-removed', spec: 'superoffice-shopify', flow }] } }));
    expect(dataflow(dir, 'diff', 'old', 'new').status).toBe(1);
  });
});
