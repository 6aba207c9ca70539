/**
 * `npm run demo`: generates the mappers for the bundled specs, syncs the
 * sample data in demo/data (copied to demo/.work, the originals stay as they
 * are), edits one side, syncs again, and prints what happened at each step.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlowReport } from '../runtime/sync/index.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const work = join(root, 'demo', '.work');
const generated = join(work, 'generated');
// The demo's own predicates folder: the project's predicates/ is not touched, and the stubs start unwritten.
const predicatesDir = join(work, 'predicates');
const state = join(work, 'state.db');
const show = (path: string) => relative(root, path);


function dataflow(args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'dataflow.js'), ...args], { cwd: root, encoding: 'utf8' });
  if (result.status === 2) {
    process.stderr.write(result.stderr);
    throw new Error(`dataflow ${args[0]} failed`);
  }
  return result;
}

function heading(text: string): void {
  process.stdout.write(`\n== ${text}\n`);
}

function sync(slug: string, note: string, dryRun = false): FlowReport[] {
  const dir = join(work, slug);
  const args = ['sync', slug, '--left', join(dir, 'left'), '--right', join(dir, 'right'), '--state', state, '--generated', generated];
  if (dryRun) args.push('--dry-run');
  process.stdout.write(`\n$ dataflow ${args.map((a) => (a.startsWith(root) ? show(a) : a)).join(' ')}\n  (${note})\n`);
  const result = dataflow(args);
  const { flows } = JSON.parse(result.stdout) as { flows: FlowReport[] };
  const width = flows.reduce((most, f) => Math.max(most, f.id.length), 0);
  for (const f of flows) {
    const counts = (['created', 'updated', 'linked', 'unchanged', 'conflicts', 'skipped'] as const)
      .map((key) => `${key} ${f[key]}`)
      .join('  ');
    process.stdout.write(`  ${f.id.padEnd(width)}  ${counts}  errors ${f.errors.length}\n`);
    for (const s of f.skippedReasons) process.stdout.write(`      skipped ${s.count}: ${s.reason}\n`);
    for (const e of f.errors) process.stdout.write(`      error in ${JSON.stringify(e.record)}: ${e.message}\n`);
  }
  process.stdout.write(`  exit code ${result.status}${result.status === 1 ? ' (some records could not be synced; see the errors)' : ''}\n`);
  return flows;
}

function records(slug: string, side: 'left' | 'right', file: string): Record<string, unknown>[] {
  const path = join(work, slug, side, file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[]) : [];
}

function printRecords(slug: string, side: 'left' | 'right', file: string, pick?: (r: Record<string, unknown>) => boolean): void {
  const list = records(slug, side, file).filter(pick ?? (() => true));
  process.stdout.write(`  ${show(join(work, slug, side, file))}:\n`);
  for (const r of list) process.stdout.write(`    ${JSON.stringify(r)}\n`);
}

function edit(slug: string, side: 'left' | 'right', file: string, change: (records: Record<string, unknown>[]) => string): void {
  const path = join(work, slug, side, file);
  const list = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
  const what = change(list);
  writeFileSync(path, `${JSON.stringify(list, null, 2)}\n`);
  process.stdout.write(`  edited ${show(path)}: ${what}\n`);
}

// 1. Generate the mapper modules from specs/ (into demo/.work so the committed generated/ and predicates/ are not touched).
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
heading('Generate the mappers');
const generate = dataflow(['generate', '--specs', 'specs', '--out', generated, '--predicates', predicatesDir]);
process.stdout.write(generate.stderr.replace(/^/gm, '  '));

for (const slug of ['invoiced-crmoffice', 'hubspot-tripletex']) cpSync(join(root, 'demo', 'data', slug), join(work, slug), { recursive: true });

// 2. Invoiced to CRMOffice: every record is created on the right, then an edit on the right flows back.
heading('Invoiced to CRMOffice');
sync('invoiced-crmoffice', 'first run: everything is new');
printRecords('invoiced-crmoffice', 'right', 'contacts.json');
sync('invoiced-crmoffice', 'same data again: nothing to do');
edit('invoiced-crmoffice', 'right', 'contacts.json', (list) => {
  const kari = list.find((r) => r.mobilePhone === '+47 912 34 567')!;
  kari.mobilePhone = '+47 999 88 777';
  return `CRMOffice contact ${JSON.stringify(kari.id)} gets mobilePhone +47 999 88 777`;
});
sync('invoiced-crmoffice', 'a dry run first: what would change, nothing written', true);
sync('invoiced-crmoffice', 'the edit flows back to Invoiced');
printRecords('invoiced-crmoffice', 'left', 'contacts.json', (r) => r.id === 101);

// 3. HubSpot to Tripletex: merge by email, conflicts by updatedAt, predicates, a conversion error.
heading('HubSpot to Tripletex');
sync('hubspot-tripletex', 'first run: contacts merge by email, the rest waits for predicates or fails to convert');
printRecords('hubspot-tripletex', 'left', 'contact.json', (r) => r.id === 'hs-501');
process.stdout.write('  (Tripletex had the newer updatedAt, so its last name "Berg-Olsen" won the first-sync conflict)\n');
sync('hubspot-tripletex', 'same data again: nothing to do');

edit('hubspot-tripletex', 'right', 'contact.json', (list) => {
  list[0]!.phoneNumberWork = '+47 22 99 99 99';
  return 'Tripletex contact 9001 gets phoneNumberWork +47 22 99 99 99';
});
edit('hubspot-tripletex', 'left', 'product.json', (list) => {
  (list[1]!.properties as Record<string, unknown>).hs_cost_of_goods_sold = '600';
  return 'HubSpot product p-2 gets a numeric hs_cost_of_goods_sold';
});
// Predicates live in the user's predicates folder, one file per spec.
const predicates = join(predicatesDir, 'hubspot-tripletex.ts');
const written = readFileSync(predicates, 'utf8').replace(
  /(export const shouldCreateHubspotDealToTripletexOrder\b[^=]*=) notWritten;/,
  "$1 (deal) => Number((deal as { properties?: { hs_deal_stage_probability?: unknown } }).properties?.hs_deal_stage_probability) >= 1;",
);
writeFileSync(predicates, written);
process.stdout.write(`  wrote the predicate shouldCreateHubspotDealToTripletexOrder in ${show(predicates)} (a deal at 100% probability)\n`);
sync('hubspot-tripletex', 'the phone flows back to HubSpot, the product is created, the sold deal becomes an order');
printRecords('hubspot-tripletex', 'left', 'contact.json', (r) => r.id === 'hs-501');
printRecords('hubspot-tripletex', 'right', 'order.json');
sync('hubspot-tripletex', 'and again: nothing to do');

process.stdout.write(`\nThe synced folders, the generated modules and the state are in ${show(work)}; run again to start over.\n`);
