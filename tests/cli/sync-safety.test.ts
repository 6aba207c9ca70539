import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the built command (npm test builds first); `npm run build` before running this file alone.
const BIN = resolve('bin/dataflow.js');
const RUNTIME = pathToFileURL(resolve('runtime/index.ts')).href;
const SYNC = pathToFileURL(resolve('runtime/sync/index.ts')).href;
const FIXTURE = readFileSync('tests/runtime/fixtures/generated/shop-crm/index.ts', 'utf8').replace("'dataflow/runtime'", `'${RUNTIME}'`);

function dataflow(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const SPEC = (flows: string[]) =>
  [
    '====================',
    'Shop to CRM Dataflow',
    '====================',
    '',
    ...flows.flatMap((title) => [
      title,
      '-'.repeat(title.length),
      `Every ${title.split(' to ')[0]} will be synchronized with a ${title.split(' to ')[1]}.`,
      '',
      '.. list-table::',
      '   :header-rows: 1',
      '',
      `   * - ${title.split(' to ')[0]} Property`,
      `     - ${title.split(' to ')[1]} Property`,
      '     - CRM Data Type',
      '   * - email',
      '     - properties.email',
      '     - "string"',
      '',
    ]),
  ].join('\n');

/** A project: specs/, generated/<slug>/index.ts (the shop-crm fixture, its flow ids and spec hash adjustable), data folders. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'dataflow-sync-safety-'));
  dirs.push(dir);
  for (const sub of ['specs', 'left', 'right']) mkdirSync(join(dir, sub));
  const writeSpec = (slug: string, text: string) => writeFileSync(join(dir, 'specs', `${slug}.rst`), text);
  const writeGenerated = (slug: string, options: { ids?: Record<string, string>; specFile?: string; sha256?: string } = {}) => {
    let text = FIXTURE;
    for (const [from, to] of Object.entries(options.ids ?? {})) text = text.replace(`id: '${from}'`, `id: '${to}'`);
    const specFile = options.specFile ?? join(dir, 'specs', `${slug}.rst`);
    let sha256 = options.sha256;
    if (sha256 === undefined) {
      try {
        sha256 = createHash('sha256').update(readFileSync(specFile)).digest('hex');
      } catch {
        sha256 = '';
      }
    }
    text += `\nexport const spec = { title: 'Shop to CRM Dataflow', file: ${JSON.stringify(specFile)}, sha256: ${JSON.stringify(sha256)}, sourceSystem: 'Shop', targetSystem: 'CRM' } as const;\n`;
    mkdirSync(join(dir, 'generated', slug), { recursive: true });
    writeFileSync(join(dir, 'generated', slug, 'index.ts'), text);
  };
  writeFileSync(join(dir, 'left', 'customers.json'), JSON.stringify([{ id: 1, email: 'ann@example.com', name: 'Ann', visits: 3 }]));
  writeFileSync(join(dir, 'right', 'contacts.json'), JSON.stringify([]));
  const folders = ['--left', join(dir, 'left'), '--right', join(dir, 'right'), '--state', join(dir, 'state.db')];
  const run = (...args: string[]) => dataflow(dir, ...args);
  const contacts = () => JSON.parse(readFileSync(join(dir, 'right', 'contacts.json'), 'utf8')) as Record<string, unknown>[];
  return { dir, writeSpec, writeGenerated, folders, run, contacts };
}

describe('dataflow sync with a config', () => {
  it('takes the systems (by the spec title system names), the state file and the generated folder from the config', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    writeFileSync(
      join(p.dir, 'dataflow.config.mjs'),
      `import { createFolderAdapter } from '${SYNC}';\n` +
        `export default { out: 'generated', state: 'var/sync.db', systems: { Shop: createFolderAdapter(${JSON.stringify(join(p.dir, 'left'))}), CRM: createFolderAdapter(${JSON.stringify(join(p.dir, 'right'))}) } };\n`,
    );
    const first = p.run('sync', 'shop-crm');
    expect(first.stderr).toMatch(/1 created/);
    expect(JSON.parse(first.stdout).flows[0]).toMatchObject({ created: 1 });
    expect(p.contacts()).toHaveLength(1);
    expect(readFileSync(join(p.dir, 'var', 'sync.db')).length).toBeGreaterThan(0);
    // The second run uses the same state: nothing created again.
    expect(JSON.parse(p.run('sync', 'shop-crm').stdout).flows[0]).toMatchObject({ created: 0, unchanged: 1 });
    // --config FILE from elsewhere, relative paths resolved against the config file.
    expect(JSON.parse(dataflow(tmpdir(), 'sync', 'shop-crm', '--config', join(p.dir, 'dataflow.config.mjs')).stdout).flows[0]).toMatchObject({ created: 0, unchanged: 1 });
  });

  it("reads a config's relative data folders from the config's folder, from any subfolder; a folder that is not there is an error", () => {
    const p = project();
    p.writeGenerated('shop-crm');
    const config = (right: string) =>
      writeFileSync(
        join(p.dir, 'dataflow.config.mjs'),
        `import { createFolderAdapter } from '${SYNC}';\n` +
          `export default { out: 'generated', systems: { Shop: createFolderAdapter('left'), CRM: createFolderAdapter(${JSON.stringify(right)}) } };\n`,
      );
    config('right');
    mkdirSync(join(p.dir, 'sub', 'deeper'), { recursive: true });
    const first = dataflow(join(p.dir, 'sub', 'deeper'), 'sync', 'shop-crm');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).flows[0]).toMatchObject({ created: 1 });
    expect(p.contacts()).toHaveLength(1);
    expect(existsSync(join(p.dir, 'sub', 'deeper', 'right'))).toBe(false);

    config('rihgt');
    const missing = dataflow(join(p.dir, 'sub'), 'sync', 'shop-crm');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/dataflow\.config\.mjs: systems\.CRM: rihgt: not a data folder \(no such directory\)/);
    expect(missing.stdout).toBe('');
  });

  it('names the missing system and the config systems it has', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    writeFileSync(join(p.dir, 'dataflow.config.json'), JSON.stringify({ out: 'generated' }));
    const result = p.run('sync', 'shop-crm', '--right', join(p.dir, 'right'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no system for "Shop" \(the spec's source system\): give --left DIR, or name it in the config's systems \(there are none\)/);
  });
});

describe('dataflow sync data folders', () => {
  it('--list-files lists the file each entity is read from', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    const result = p.run('sync', 'shop-crm', '--generated', 'generated', '--list-files');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('--left (Shop):\n  customers.json  Customers\n  orders.json  Orders\n--right (CRM):\n  contacts.json  Contacts\n  deals.json  Deals\n');
  });

  it('a misnamed file (contact.json where the entity is Contacts) stops the run before anything is written', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    rmSync(join(p.dir, 'right', 'contacts.json'));
    writeFileSync(join(p.dir, 'right', 'contact.json'), JSON.stringify([{ id: 'c1', properties: { email: 'ann@example.com' } }]));
    const result = p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/contact\.json is read by no entity of the spec, while contacts\.json is missing \(a missing file is read as empty/);
    expect(result.stderr).toMatch(/files read here: contacts\.json, deals\.json/);
    expect(result.stdout).toBe('');
  });

  it('an extra file beside the expected ones is reported on stderr, and the run goes on', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    writeFileSync(join(p.dir, 'left', 'notes.json'), '[]');
    const result = p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders);
    expect(result.stderr).toMatch(/notes\.json read by no entity of the spec \(files read: customers\.json, orders\.json\)/);
    expect(JSON.parse(result.stdout).flows[0]).toMatchObject({ created: 1 });
  });
});

describe('dataflow sync refuses what would duplicate', () => {
  it('refuses stale generated code unless --allow-stale', () => {
    const p = project();
    p.writeSpec('shop-crm', SPEC(['Shop Customers to CRM Contacts']));
    p.writeGenerated('shop-crm', { sha256: 'a'.repeat(64) });
    const stale = p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/shop-crm\.rst: changed since .*shop-crm was generated; run `dataflow generate`.*--allow-stale/);
    // Paths as typed from the working folder, like every other message.
    expect(stale.stderr).toContain('dataflow: specs/shop-crm.rst: changed since generated/shop-crm was generated; run `dataflow generate`');
    expect(p.contacts()).toEqual([]);
    const allowed = p.run('sync', 'shop-crm', '--generated', 'generated', '--allow-stale', ...p.folders);
    expect(JSON.parse(allowed.stdout).flows[0]).toMatchObject({ created: 1 });
  });

  it('a renamed flow stops the run with the state move that carries its state over; after the move nothing is created twice', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    expect(JSON.parse(p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders).stdout).flows[0]).toMatchObject({ created: 1 });
    // The flow got another id (its title changed), its entities did not. The spec says so too: `state move` checks its target there.
    p.writeSpec('shop-crm', SPEC(['Shop Customers to CRM Contacts v2', 'Shop Orders to CRM Deals']));
    p.writeGenerated('shop-crm', { ids: { 'shop-customers-to-crm-contacts': 'shop-customers-to-crm-contacts-v2' } });
    const stopped = p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/shop-crm\/shop-customers-to-crm-contacts \(1 link, 0 pending creations; Shop\/Customers -> CRM\/Contacts\) is not claimed/);
    expect(stopped.stderr).toContain(`dataflow state move shop-crm/shop-customers-to-crm-contacts shop-crm/shop-customers-to-crm-contacts-v2 --state ${join(p.dir, 'state.db')}`);
    expect(p.contacts()).toHaveLength(1);

    const listed = p.run('state', 'list', '--state', join(p.dir, 'state.db'));
    expect(listed.stdout).toMatch(/^shop-crm\/shop-customers-to-crm-contacts {2}1 link, 0 pending creations, coverage of 1 run {2}Shop\/Customers -> CRM\/Contacts$/m);
    const moved = p.run('state', 'move', 'shop-crm/shop-customers-to-crm-contacts', 'shop-crm/shop-customers-to-crm-contacts-v2', '--state', join(p.dir, 'state.db'));
    expect(moved.code).toBe(0);
    const after = p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).flows[0]).toMatchObject({ id: 'shop-customers-to-crm-contacts-v2', created: 0, unchanged: 1 });
    expect(p.contacts()).toHaveLength(1);
    // The coverage counts moved with the state: the run before the move and the one after add up under the new key.
    const flows = JSON.parse(p.run('state', 'list', '--json', '--state', join(p.dir, 'state.db')).stdout).flows as { key: string; coverageRuns?: number }[];
    expect(flows.find((f) => f.key === 'shop-crm/shop-customers-to-crm-contacts-v2')).toMatchObject({ links: 1, coverageRuns: 2 });
    expect(flows.find((f) => f.key === 'shop-crm/shop-customers-to-crm-contacts')).toBeUndefined();
  });

  it('a renamed spec file whose flows diff recognises carries its state over by itself', () => {
    const p = project();
    const text = SPEC(['Shop Customers to CRM Contacts', 'Shop Orders to CRM Deals']);
    p.writeSpec('shop-crm', text);
    p.writeGenerated('shop-crm');
    expect(JSON.parse(p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders).stdout).flows[0]).toMatchObject({ created: 1 });
    // specs/shop-crm.rst renamed to specs/shop-and-crm.rst, regenerated.
    rmSync(join(p.dir, 'specs', 'shop-crm.rst'));
    rmSync(join(p.dir, 'generated', 'shop-crm'), { recursive: true });
    p.writeSpec('shop-and-crm', text);
    p.writeGenerated('shop-and-crm');
    // A dry run first: it says it would carry the state over, moves nothing, and plans what the real run then does.
    const dry = p.run('sync', 'shop-and-crm', '--generated', 'generated', '--dry-run', ...p.folders);
    expect(dry.stderr).toContain('sync: would carry the state of shop-crm/shop-customers-to-crm-contacts over to shop-and-crm/shop-customers-to-crm-contacts (diff recognises the rename; a dry run moves nothing)');
    expect(JSON.parse(dry.stdout).flows[0]).toMatchObject({ created: 0, linked: 0, unchanged: 1 });
    expect(p.run('state', 'list', '--json', '--state', join(p.dir, 'state.db')).stdout).toContain('"key": "shop-crm/shop-customers-to-crm-contacts"');
    const result = p.run('sync', 'shop-and-crm', '--generated', 'generated', ...p.folders);
    expect(result.stderr).toMatch(/carried the state of shop-crm\/shop-customers-to-crm-contacts over to shop-and-crm\/shop-customers-to-crm-contacts/);
    const report = JSON.parse(result.stdout);
    expect(report.flows[0]).toMatchObject({ created: 0, unchanged: 1 });
    // The orders flow linked nothing (no orders): its coverage counts move with the rest.
    expect(report.stateMoved).toEqual([
      { from: 'shop-crm/shop-customers-to-crm-contacts', to: 'shop-and-crm/shop-customers-to-crm-contacts' },
      { from: 'shop-crm/shop-orders-to-crm-deals', to: 'shop-and-crm/shop-orders-to-crm-deals' },
    ]);
    expect(p.contacts()).toHaveLength(1);
  });

  it('state drop, and errors for moves that cannot be done', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    p.run('sync', 'shop-crm', '--generated', 'generated', ...p.folders);
    const state = ['--state', join(p.dir, 'state.db')];
    expect(p.run('state', 'move', 'nope/flow', 'shop-crm/x', '--force', ...state)).toMatchObject({ code: 2, stderr: 'dataflow: nope/flow: no such state\n' });
    expect(p.run('state', 'move', 'shop-crm', 'shop-crm/x', ...state).code).toBe(2);
    expect(p.run('state', 'drop', 'shop-crm/shop-customers-to-crm-contacts', '--yes', ...state).code).toBe(0);
    expect(p.run('state', 'list', '--json', ...state).stdout).toMatch(/"flows": \[\]/);
    expect(p.run('state', 'list', '--state', join(p.dir, 'none.db')).code).toBe(2);
  });
});

describe('dataflow sync --dry-run', () => {
  it('lists creates with their values, updates with old and new values, links and skips, in JSON and on stderr', () => {
    const p = project();
    p.writeGenerated('shop-crm');
    writeFileSync(
      join(p.dir, 'left', 'customers.json'),
      JSON.stringify([
        { id: 1, email: 'ann@example.com', name: 'Ann', visits: 3 },
        { id: 2, email: 'new@example.com', name: 'New', visits: 1 },
      ]),
    );
    writeFileSync(join(p.dir, 'left', 'orders.json'), JSON.stringify([{ id: 'o1', total: 5 }]));
    writeFileSync(join(p.dir, 'right', 'contacts.json'), JSON.stringify([{ id: 'c9', properties: { email: 'ANN@example.com', name: 'Anne' } }]));
    const result = p.run('sync', 'shop-crm', '--generated', 'generated', '--dry-run', ...p.folders);
    const report = JSON.parse(result.stdout);
    expect(report.flows[0].plan).toEqual({
      links: [{ record: 1, target: 'c9', by: 'email = properties.email' }],
      creates: [{ record: 2, values: { properties: { email: 'new@example.com', name: 'New', visits: 1 } } }],
      updates: [
        {
          record: 1,
          side: 'target',
          id: 'c9',
          changes: [
            { field: 'properties.email', old: 'ANN@example.com', new: 'ann@example.com' },
            { field: 'properties.name', old: 'Anne', new: 'Ann' },
            { field: 'properties.visits', old: null, new: 3 },
          ],
        },
      ],
      skips: [],
    });
    expect(report.flows[1].plan.skips).toEqual([{ record: 'o1', reason: 'predicate orderIsPaid in generated/shop-crm/predicates.ts is not written yet' }]);
    expect(result.stderr).toContain('dry run: shop-customers-to-crm-contacts:\n  link   1 -> "c9" (by email = properties.email)\n  create for 2: {"properties":{"email":"new@example.com","name":"New","visits":1}}\n  update target "c9" (for 1):\n    properties.email: "ANN@example.com" -> "ann@example.com"\n');
    expect(result.stderr).toContain('  skip   "o1": predicate orderIsPaid');
  });
});
