import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataflow } from '../fixtures/generate/cli.js';
import { projectRoot, projectWithSpecs, repoSpecs } from '../fixtures/generate/project.js';

const SPEC = 'hubspot-tripletex.rst';

/** The real spec without its "HubSpot Deal to Tripletex Order" flow (lines 187-211), the flow that has a trigger predicate. */
function withoutDealFlow(): string {
  const lines = readFileSync(join(projectRoot, 'specs', SPEC), 'utf8').split('\n');
  expect(lines[186]?.trimEnd()).toBe('HubSpot Deal to Tripletex Order');
  expect(lines[211]?.trimEnd()).toBe('HubSpot Lineitem to Tripletex Orderline');
  return [...lines.slice(0, 186), ...lines.slice(211)].join('\n');
}

const project = (name: string): string => projectWithSpecs(name, repoSpecs(SPEC));

describe("the user's predicates", () => {
  it('live outside the output folder; a predicate whose flow is gone is a warning for generate and an error for check', () => {
    const dir = project('predicates-orphan');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const written = readFileSync(file, 'utf8').replace(
      /export const shouldCreateHubspotDealToTripletexOrder[^\n]*/,
      "export const shouldCreateHubspotDealToTripletexOrder: CreationPredicate<import('../generated/hubspot-tripletex/hubspot-deal-to-tripletex-order.js').HubspotDeal> = (deal) =>\n  deal.properties?.closedate !== undefined;",
    );
    writeFileSync(file, written);
    expect(dataflow(dir, 'check').status).toBe(0);
    const line = written.split('\n').findIndex((l) => l.startsWith('export const shouldCreateHubspotDealToTripletexOrder')) + 1;

    writeFileSync(join(dir, 'specs', SPEC), withoutDealFlow());
    const generated = dataflow(dir, 'generate');
    expect(generated.stderr).toContain(
      `predicates/hubspot-tripletex.ts:${line}:14: warning: no flow of the spec needs shouldCreateHubspotDealToTripletexOrder any more`,
    );
    expect(generated.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect(existsSync(join(dir, 'generated', 'hubspot-tripletex', 'hubspot-deal-to-tripletex-order.ts'))).toBe(false);

    const checked = dataflow(dir, 'check');
    expect(checked.stdout).toContain(`orphaned predicate: predicates/hubspot-tripletex.ts:${line}:14: no flow of the spec needs shouldCreateHubspotDealToTripletexOrder`);
    expect(checked.stderr).toContain('check: 1 predicate that no flow needs');
    expect(checked.status).toBe(1);

    // Deleting it is all it takes.
    writeFileSync(file, written.replace(/\/\*\*\n \* HubSpot Deal to Tripletex Order[\s\S]*?!== undefined;\n/, ''));
    expect(readFileSync(file, 'utf8')).not.toContain('shouldCreateHubspotDealToTripletexOrder');
    const clean = dataflow(dir, 'check');
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);
  }, 300_000);

  it('a flow that stays but no longer calls a predicate (its trigger became "Every ...") makes its predicate an orphan, said so', () => {
    const dir = project('predicates-rule-changed');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const written = readFileSync(file, 'utf8');
    const line = written.split('\n').findIndex((l) => l.startsWith('export const shouldCreateHubspotDealToTripletexOrder')) + 1;
    const trigger = 'When a HubSpot Deal has a 100% probability of beeing sold, it  will be synchronized with a Tripletex Order.';
    const spec = readFileSync(join(dir, 'specs', SPEC), 'utf8');
    expect(spec).toContain(trigger);
    writeFileSync(join(dir, 'specs', SPEC), spec.replace(trigger, 'Every HubSpot Deal will be synchronized with a Tripletex Order.'));

    const generated = dataflow(dir, 'generate');
    expect(generated.status).toBe(0);
    // The flow is still there (its module too): the message must not say it was removed.
    expect(existsSync(join(dir, 'generated', 'hubspot-tripletex', 'hubspot-deal-to-tripletex-order.ts'))).toBe(true);
    expect(generated.stderr).toContain(
      `predicates/hubspot-tripletex.ts:${line}:14: warning: no flow of the spec needs shouldCreateHubspotDealToTripletexOrder any more ` +
        '(its flow was removed or renamed, or its creation rule no longer calls for a predicate)',
    );
    const checked = dataflow(dir, 'check');
    expect(checked.stdout).toContain(`orphaned predicate: predicates/hubspot-tripletex.ts:${line}:14: no flow of the spec needs shouldCreateHubspotDealToTripletexOrder any more (its flow was removed or renamed, or its creation rule no longer calls for a predicate)`);
    expect(checked.status).toBe(1);
  }, 300_000);

  it('are moved out of the output folder where dataflow 0.1 kept them, with their imports re-pointed and every edit kept', () => {
    const dir = project('predicates-legacy');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const legacy = join(dir, 'generated', 'hubspot-tripletex', 'predicates.ts');
    // What a 0.1 file looked like: beside the modules, importing them as ./x.js; plus an edit of the user's.
    const old = readFileSync(file, 'utf8').replaceAll("import('../generated/hubspot-tripletex/", "import('./").replace('= notWritten;', '= (contact) => contact.properties !== undefined;');
    writeFileSync(legacy, old);
    renameSync(file, `${file}.gone`);

    const checked = dataflow(dir, 'check');
    expect(checked.stderr).toContain('generated/hubspot-tripletex/predicates.ts:1:1: error: predicates live outside the output folder now: `dataflow generate` moves this file to predicates/hubspot-tripletex.ts');
    expect(checked.status).toBe(1);

    const generated = dataflow(dir, 'generate');
    expect(generated.stderr).toContain('predicates/hubspot-tripletex.ts: moved here from generated/hubspot-tripletex/predicates.ts');
    expect(generated.status).toBe(0);
    expect(existsSync(legacy)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(old.replaceAll("import('./", "import('../generated/hubspot-tripletex/"));
    expect(dataflow(dir, 'check').status).toBe(0);
  }, 300_000);

  it("with a syntax error are reported as the user's, with file and line, and left alone", () => {
    const dir = project('predicates-syntax');
    mkdirSync(join(dir, 'predicates'));
    const broken = `import type { CreationPredicate } from 'dataflow/runtime';\n\nexport const shouldCreateX = (record: unknown) => {\n  return record !== ;\n};\n`;
    writeFileSync(join(dir, 'predicates', 'hubspot-tripletex.ts'), broken);
    for (const command of ['generate', 'check']) {
      const result = dataflow(dir, command);
      expect(result.stderr).toMatch(/predicates\/hubspot-tripletex\.ts:4:21: error: Expression expected\. \(your predicates file does not parse/);
      expect(result.stderr).not.toContain('internal error');
      expect(result.status).toBe(1);
    }
    expect(readFileSync(join(dir, 'predicates', 'hubspot-tripletex.ts'), 'utf8')).toBe(broken);
  });

  it('that stop parsing after their stubs are in place are an error for generate and check, and a user error for sync, never an internal one', () => {
    const dir = project('predicates-syntax-sync');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const text = readFileSync(file, 'utf8');
    const broken = `${text}\nexport const = 2;\n`;
    writeFileSync(file, broken);
    const line = broken.split('\n').length - 1;
    for (const command of ['generate', 'check']) {
      const result = dataflow(dir, command);
      expect(result.stderr).toContain(`predicates/hubspot-tripletex.ts:${line}:14: error:`);
      expect(result.stderr).toContain('[predicates-syntax]');
      expect(result.status).toBe(1);
    }
    mkdirSync(join(dir, 'left'));
    mkdirSync(join(dir, 'right'));
    const sync = dataflow(dir, 'sync', 'hubspot-tripletex', '--left', 'left', '--right', 'right', '--state', 'state.db');
    expect(sync.stderr).toContain(`predicates/hubspot-tripletex.ts:${line}:14: error: Expected identifier but found "="`);
    expect(sync.stderr).toContain('[predicates-syntax]');
    expect(sync.stderr).toContain('dataflow: predicates/hubspot-tripletex.ts does not parse; nothing was synced');
    expect(sync.stderr).not.toContain('internal error');
    expect(sync.stderr).not.toContain('Transform failed');
    expect(sync.status).toBe(2);
    expect(existsSync(join(dir, 'state.db'))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it("that fail while they load are the user's error for sync, at file and line (exit 2, nothing synced); generate and check name bad imports", () => {
    const dir = project('predicates-load');
    expect(dataflow(dir, 'generate').status).toBe(0);
    mkdirSync(join(dir, 'left'));
    mkdirSync(join(dir, 'right'));
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const after = lines.findLastIndex((l) => l.startsWith('import ')) + 1;
    /** The stubbed file with `added` lines after its imports; `added[0]` is line `after + 1`. */
    const write = (...added: string[]) => writeFileSync(file, [...lines.slice(0, after), ...added, ...lines.slice(after)].join('\n'));
    const sync = () => dataflow(dir, 'sync', 'hubspot-tripletex', '--left', 'left', '--right', 'right', '--state', 'state.db');
    const expectUsers = (result: ReturnType<typeof sync>, diagnostic: string, where = 'predicates/hubspot-tripletex.ts') => {
      expect(result.stderr).toContain(`${diagnostic} (your file fails while it loads, so the generated modules that depend on it cannot load) [predicates-load]\n`);
      expect(result.stderr).toContain(`dataflow: ${where} fails to load; nothing was synced\n`);
      expect(result.stderr).not.toContain('internal error');
      expect(result.status).toBe(2);
      expect(existsSync(join(dir, 'state.db'))).toBe(false);
    };

    // A throw at the top level: the line and column tsx maps back to the TypeScript.
    write("const limit = Number(process.env.DEAL_LIMIT ?? 'none');", "if (Number.isNaN(limit)) throw new Error('DEAL_LIMIT is not a number');");
    expectUsers(sync(), `predicates/hubspot-tripletex.ts:${after + 2}:32: error: DEAL_LIMIT is not a number`);
    // Not run by generate or check (they type-check, and this type-checks): they have nothing to say.
    expect(dataflow(dir, 'check').status).toBe(0);

    // A throw in a file the predicates import: that file is named.
    writeFileSync(join(dir, 'predicates', 'settings.ts'), "export const region = 'eu';\nthrow new TypeError('no region configured');\n");
    write("import { region } from './settings.js';", 'void region;');
    expectUsers(sync(), 'predicates/settings.ts:2:7: error: TypeError: no region configured', 'predicates/settings.ts');

    // Imports of what is not there: at the import, for sync, and through the type check for generate and check.
    write("import { helper } from './helpers.js';", 'void helper;');
    expectUsers(sync(), `predicates/hubspot-tripletex.ts:${after + 1}:24: error: cannot find './helpers.js': no such file`);
    const checked = dataflow(dir, 'check');
    expect(checked.stderr).toContain(`predicates/hubspot-tripletex.ts:${after + 1}:24: error: Cannot find module './helpers.js'`);
    expect(checked.status).toBe(1);
    write("import pluralize from 'no-such-package';", 'void pluralize;');
    expectUsers(sync(), `predicates/hubspot-tripletex.ts:${after + 1}:23: error: cannot find package 'no-such-package' (not installed)`);
    expect(dataflow(dir, 'generate').stderr).toContain(`predicates/hubspot-tripletex.ts:${after + 1}:23: warning: Cannot find module 'no-such-package'`);
    write("import { nothing } from './settings.js';", 'void nothing;');
    writeFileSync(join(dir, 'predicates', 'settings.ts'), "export const region = 'eu';\n");
    expectUsers(sync(), `predicates/hubspot-tripletex.ts:${after + 1}:10: error: The requested module './settings.js' does not provide an export named 'nothing'`);

    // Fixed, the run goes on.
    writeFileSync(file, text);
    expect(sync().status).toBe(0);
  }, 300_000);

  it('follow a renamed spec: generate moves the old file to the new name, with every edit and its imports re-pointed', () => {
    const dir = project('predicates-rename');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    const edited = readFileSync(file, 'utf8').replace('= notWritten;', '= (record) => record !== undefined;');
    writeFileSync(file, edited);
    renameSync(join(dir, 'specs', SPEC), join(dir, 'specs', 'hs-tt.rst'));

    const checked = dataflow(dir, 'check');
    expect(checked.stderr).toContain('predicates/hubspot-tripletex.ts:1:1: error: its spec was renamed: `dataflow generate` moves this file to predicates/hs-tt.ts');
    expect(checked.status).toBe(1);

    const generated = dataflow(dir, 'generate');
    expect(generated.stderr).toContain('predicates/hs-tt.ts: moved here from predicates/hubspot-tripletex.ts (the spec was renamed)');
    expect(generated.stderr).not.toContain('delete it');
    expect(generated.status).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(dir, 'predicates', 'hs-tt.ts'), 'utf8')).toBe(edited.replaceAll('../generated/hubspot-tripletex/', '../generated/hs-tt/'));
    const clean = dataflow(dir, 'check');
    expect(clean.stdout).toBe('');
    expect(clean.status).toBe(0);
  });

  it('are type-checked by check against what generate writes: a spec edit renaming a field a predicate reads fails check with the file, line, column and message', () => {
    const dir = project('predicates-types');
    expect(dataflow(dir, 'generate').status).toBe(0);
    const file = join(dir, 'predicates', 'hubspot-tripletex.ts');
    // The user writes the Deal predicate: it reads a field the flow maps.
    const written = readFileSync(file, 'utf8').replace(
      /(export const shouldCreateHubspotDealToTripletexOrder: [^=]+)= notWritten;/,
      "$1= (deal) =>\n  deal.properties?.deal_currency_code === 'NOK';",
    );
    writeFileSync(file, written);
    const line = written.split('\n').findIndex((l) => l.includes("deal.properties?.deal_currency_code === 'NOK'")) + 1;
    const clean = dataflow(dir, 'check');
    expect(clean.stderr).not.toContain('predicate-type');
    expect(clean.status).toBe(0);

    // The spec's next version renames the field (a real row of the spec, edited).
    const spec = join(dir, 'specs', SPEC);
    const text = readFileSync(spec, 'utf8');
    const row = /(\* - properties\.)deal_currency_code(\r?\n)/;
    expect(text).toMatch(row);
    writeFileSync(spec, text.replace(row, '$1currency_code$2'));
    const message = `predicates/hubspot-tripletex.ts:${line}:20: error: shouldCreateHubspotDealToTripletexOrder: Property 'deal_currency_code' does not exist on type`;
    // Before generate: check says the files are stale and why tsc would fail once they are not.
    const before = dataflow(dir, 'check');
    expect(before.stderr).toContain(message);
    expect(before.stderr).toContain("Did you mean 'currency_code'? (TS2551)");
    expect(before.status).toBe(1);
    // generate writes the new code and warns; check then fails on the predicate alone, in every format.
    const generated = dataflow(dir, 'generate');
    expect(generated.stderr).toContain(message.replace(': error: ', ': warning: '));
    expect(generated.status).toBe(0);
    const text1 = dataflow(dir, 'check');
    expect(text1.stdout).toBe('');
    expect(text1.stderr).toContain(message);
    expect(text1.status).toBe(1);
    const github = dataflow(dir, 'check', '--format', 'github');
    expect(github.stdout).toMatch(new RegExp(`^::error file=predicates/hubspot-tripletex\\.ts,line=${line},col=20,title=predicate-type::shouldCreateHubspotDealToTripletexOrder: Property 'deal_currency_code'`, 'm'));
    expect(github.status).toBe(1);
    const json = dataflow(dir, 'check', '--format', 'json');
    const report = JSON.parse(json.stdout) as { upToDate: boolean; diagnostics: { file: string; code: string; line: number; column: number; severity: string; message: string }[] };
    expect(report.upToDate).toBe(false);
    expect(report.diagnostics.filter((d) => d.file.startsWith('predicates/'))).toEqual([
      expect.objectContaining({ file: 'predicates/hubspot-tripletex.ts', code: 'predicate-type', severity: 'error', line, column: 20, message: expect.stringContaining("Property 'deal_currency_code' does not exist") }),
    ]);
    expect(json.status).toBe(1);

    // A predicate that no longer fits the record type its flow passes (no annotation, a field the flow lost).
    writeFileSync(
      file,
      written.replace(
        /export const shouldCreateHubspotDealToTripletexOrder: [^=]+= \(deal\) =>\n  deal.properties\?.deal_currency_code === 'NOK';/,
        "export const shouldCreateHubspotDealToTripletexOrder = (deal: { properties?: { deal_currency_code?: unknown } }) =>\n  deal.properties?.deal_currency_code === 'NOK';",
      ),
    );
    const unfit = dataflow(dir, 'check');
    expect(unfit.stderr).toMatch(/predicates\/hubspot-tripletex\.ts:\d+:14: error: shouldCreateHubspotDealToTripletexOrder does not fit its flow, which calls it as CreationPredicate<HubspotDeal>: .*\(TS2322\)/);
    expect(unfit.status).toBe(1);
  }, 300_000);
});
