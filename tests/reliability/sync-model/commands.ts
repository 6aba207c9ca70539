/**
 * Operations of the model-based sync test (fast-check `AsyncCommand`s), each
 * printed as a line of a readable script: records added, edited (with skewed
 * clocks) and deleted on either side, the clock moved, the spec changed
 * (rows, a mapped path, a flow renamed), and runs: plain, killed at any step
 * (or after a create returned, then maybe the spec's rows changed),
 * dry, full, with records changing behind the sync's back, with a second run
 * on the same state. After every run that completes the invariants are
 * checked, then the world settles and a last run must write nothing.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { writePath, type AnyRecord } from '../../../runtime/index.js';
import { feedKey, flowKey, runSync, type RecordId, type SyncReport } from '../../../runtime/sync/index.js';
import { entityKey, entityPathsOf, pathsFingerprint } from '../../../runtime/sync/entity-paths.js';
import { carryState, checkClaims, claimsProblemText } from '../../../generator/cli/sync/claims.js';
import { describeRows, EMPLOYEE, PRODUCT_ROWS, SCOPE, type ProductRows } from './flows.js';
import { checkFeeds, checkRejections, checkRun } from './invariants.js';
import { REJECT } from './system.js';
import { SOURCE_ENTITIES, TARGET_ENTITIES, type Edit, type RunOptions, type Side, type World } from './world.js';

/** Nothing to model beyond the world itself: the reference model is the world's record of edits. */
export type Model = Record<string, never>;
type Command = fc.AsyncCommand<Model, World>;

const show = (value: unknown) => JSON.stringify(value);

/** The properties the test edits per side and entity (mapped ones, and properties.cost_price that one spec version maps). */
export const FIELDS: Record<string, readonly (readonly string[])[]> = {
  'source/Product': [['properties', 'name'], ['properties', 'description'], ['properties', 'price'], ['properties', 'hs_cost_of_goods_sold'], ['properties', 'cost_price']],
  'target/Product': [['name'], ['description'], ['priceExcludingVatCurrency'], ['costExcludingVatCurrency']],
  'source/Contact': [['properties', 'email'], ['properties', 'firstname'], ['properties', 'lastname'], ['properties', 'phone'], ['properties', 'mobilephone'], ['properties', 'city']],
  'target/Customer': [['email'], ['phoneNumber'], ['phoneNumberMobile'], ['physicalAddress', 'city'], ['postalAddress', 'city']],
  'target/Employee': [['email'], ['firstName'], ['lastName'], ['phoneNumberWork'], ['phoneNumberMobile'], ['address', 'city']],
};
const systemName = (side: Side) => (side === 'source' ? 'HubSpot' : 'Tripletex');
const fieldsOf = (side: Side, entity: string) => FIELDS[`${side}/${entity}`]!;
const isEmail = (path: readonly string[]) => path[path.length - 1] === 'email';
const spec = (path: readonly string[]) => ({ path: [...path], conditions: [] });

/** Values as systems send them: strings, numbers, empties, some that do not convert to a float, one a system refuses. */
const value = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>('A', 'B', 'Ø', '', ' 12.5 ', '12.5', '7', 'n/a', null, REJECT), weight: 3 },
  { arbitrary: fc.integer({ min: -5, max: 100 }), weight: 1 },
);
/** E-mails that match each other once normalised (case, spaces), so contacts merge with hand-made employees and customers. */
const email = fc.constantFrom<unknown>('ann@x.no', ' ANN@x.no', 'Ann@X.no ', 'bob@x.no', 'BOB@x.no', '', null, REJECT);
/** A value for whichever path it ends up on: [for any path, for an e-mail]. */
const anyValue = fc.tuple(value, email);
const pick = (path: readonly string[], [v, e]: [unknown, unknown]) => (isEmail(path) ? e : v);
const valuesFor = fc.array(fc.tuple(fc.nat(6), anyValue), { maxLength: 4 });

function build(side: Side, entity: string, picks: readonly [number, [unknown, unknown]][]): { record: AnyRecord; text: string } {
  const fields = fieldsOf(side, entity);
  const record: AnyRecord = {};
  const shown: string[] = [];
  for (const [i, v] of picks) {
    const path = fields[i % fields.length]!;
    // A contact added in HubSpot most often has an e-mail: that is what links it.
    writePath(record, spec(path), pick(path, v));
    shown.push(`${path.join('.')}=${show(pick(path, v))}`);
  }
  return { record, text: shown.join(', ') };
}

export class AddSource implements Command {
  constructor(
    readonly entity: (typeof SOURCE_ENTITIES)[number],
    readonly picks: readonly [number, [unknown, unknown]][],
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const { record } = build('source', this.entity, this.picks);
    const added: AnyRecord = { id: String(w.nextSource++), ...record };
    w.left.stamp(added);
    w.left.records(this.entity).push(added);
    note(w, 'source', this.entity, added, ['id']);
  }
  toString = () => `HubSpot: add a ${this.entity} {${build('source', this.entity, this.picks).text}}`;
}

export class AddTarget implements Command {
  constructor(
    readonly entity: (typeof TARGET_ENTITIES)[number],
    readonly picks: readonly [number, [unknown, unknown]][],
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const { record } = build('target', this.entity, this.picks);
    // From the system's one sequence of ids, as a record a person makes gets (so a later one has a greater id).
    const added: AnyRecord = { id: w.right.takeId(), ...record };
    w.right.stamp(added);
    w.handMade.add(added.id as string);
    w.right.records(this.entity).push(added);
    note(w, 'target', this.entity, added, ['id']);
  }
  toString = () => `Tripletex: add a ${this.entity} by hand {${build('target', this.entity, this.picks).text}}`;
}

function note(w: World, side: Side, entity: string, record: AnyRecord, path: readonly string[], late = false): void {
  const edit: Edit = { side, entity, id: record.id as RecordId, path, value: path[0] === 'id' ? record.id : undefined, version: record.version as number };
  (late ? w.late : w.edits).push(edit);
}

/** An edit by a person: one property of the `index`th record, with that person's clock off by `skew` seconds. */
function edit(w: World, side: Side, entity: string, index: number, field: number, v: [unknown, unknown], skew: number, late = false): boolean {
  const records = w.system(side).records(entity);
  if (records.length === 0) return false;
  const at = index % records.length;
  const fields = fieldsOf(side, entity);
  const path = fields[field % fields.length]!;
  const copy: AnyRecord = structuredClone(records[at]!);
  const val = pick(path, v);
  writePath(copy, spec(path), val);
  w.system(side).stamp(copy, skew);
  records[at] = copy;
  w.system(side).mirrorEdit(entity, copy);
  const e: Edit = { side, entity, id: copy.id as RecordId, path, value: val, version: copy.version as number };
  (late ? w.late : w.edits).push(e);
  return true;
}

const editText = (side: Side, entity: string, index: number, field: number, v: [unknown, unknown], skew: number) => {
  const fields = fieldsOf(side, entity);
  const path = fields[field % fields.length]!;
  return `${systemName(side)}: edit ${entity} #${index} ${path.join('.')} = ${show(pick(path, v))} (clock ${skew >= 0 ? '+' : ''}${skew}s)`;
};

export class EditRecord implements Command {
  constructor(
    readonly side: Side,
    readonly entity: string,
    readonly index: number,
    readonly field: number,
    readonly value: [unknown, unknown],
    readonly skew: number,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    edit(w, this.side, this.entity, this.index, this.field, this.value, this.skew);
  }
  toString = () => editText(this.side, this.entity, this.index, this.field, this.value, this.skew);
}

function remove(w: World, side: Side, entity: string, index: number): void {
  const records = w.system(side).records(entity);
  if (records.length === 0) return;
  const [gone] = records.splice(index % records.length, 1);
  w.system(side).mirrorDelete(entity, gone!.id as RecordId);
  // Still made by hand (a link to it stays): ids are never given again.
  if (side === 'target') w.deleted.add(JSON.stringify([entity, gone!.id]));
}

export class DeleteRecord implements Command {
  constructor(
    readonly side: Side,
    readonly entity: string,
    readonly index: number,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    remove(w, this.side, this.entity, this.index);
  }
  toString = () => `${systemName(this.side)}: delete ${this.entity} #${this.index}`;
}

export class Tick implements Command {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(_m: Model, w: World) {
    w.clock += this.seconds;
  }
  toString = () => `clock: +${this.seconds}s`;
}

export class ChangeRows implements Command {
  constructor(readonly rows: ProductRows) {}
  check = () => true;
  async run(_m: Model, w: World) {
    changeRows(w, this.rows);
  }
  toString = () => `spec: the product flow ${describeRows(this.rows)}`;
}

/** The product flow's rows change; counted when a killed run left creates that may have happened (recovery then matches over other rows). */
function changeRows(w: World, rows: ProductRows): void {
  if (rows !== w.spec.rows && w.createsInFlight) w.rowsChangedOverCreates++;
  w.spec = { ...w.spec, rows };
}

export class RenameFlow implements Command {
  check = () => true;
  async run(_m: Model, w: World) {
    w.spec = { ...w.spec, renamed: !w.spec.renamed };
  }
  toString = () => 'spec: rename the product flow (or rename it back)';
}

/** Several operations in a row, one line each in the script. */
export class Steps implements Command {
  constructor(readonly steps: readonly Command[]) {}
  check = () => true;
  async run(m: Model, w: World) {
    for (const step of this.steps) await step.run(m, w);
  }
  toString = () => this.steps.map(String).join('; then ');
}

export interface RunPlan {
  killAt?: number;
  dryRun?: boolean;
  full?: boolean;
  /** Behind the sync's back, after its first read from Tripletex: */
  vanish?: { entity: number; index: number };
  appear?: boolean;
  edit?: { side: Side; entity: number; index: number; field: number; value: [unknown, unknown]; skew: number };
  /** At this adapter call a second sync of the spec starts on the same state file. */
  second?: number;
  /** Killed at the first step after the `n`th create returned. */
  killAfterCreate?: number;
  /** When the run was killed: then, before anything else, the product flow's rows change. */
  thenRows?: ProductRows;
}

const duringEntity = (side: Side, n: number) => (side === 'source' ? SOURCE_ENTITIES[n % SOURCE_ENTITIES.length]! : TARGET_ENTITIES[n % TARGET_ENTITIES.length]!);

/** The state's feed scopes before a run, for "a mapped path changed: the cursor is dropped". */
function feedScopes(w: World): Map<string, string | undefined> {
  const scopes = new Map<string, string | undefined>();
  for (const [system, entities] of [['HubSpot', SOURCE_ENTITIES], ['Tripletex', TARGET_ENTITIES]] as const) {
    for (const entity of entities) {
      const key = feedKey(SCOPE, system, entity);
      scopes.set(key, w.store.loadFeed(key)?.scope);
    }
  }
  return scopes;
}

/** A run that reads a feed whose mapped paths changed reads it in full. */
function checkFeedResets(w: World, report: SyncReport, before: Map<string, string | undefined>): void {
  const paths = entityPathsOf(w.flows());
  for (const feed of report.feeds ?? []) {
    const stored = before.get(feedKey(SCOPE, feed.system, feed.entity));
    if (stored === undefined) continue;
    const now = pathsFingerprint(paths.get(entityKey(feed.system, feed.entity)));
    if (stored !== now) expect(feed, `${feed.system} ${feed.entity}: mapped paths changed, so the feed is read in full`).toMatchObject({ mode: 'full' });
  }
}

/** The renamed flow's state: the run stops and says how to move it; the user moves it. */
function claims(w: World): void {
  const check = checkClaims({ store: w.store, slug: SCOPE, flows: w.flows(), otherSpecs: new Set(), dryRun: false });
  if (check.problems.length === 0) return;
  const text = claimsProblemText(check, w.file);
  for (const problem of check.problems) {
    const from = problem.orphans[0]!.key;
    expect(text, 'a renamed flow stops the run with the state move to make').toContain(`dataflow state move ${from} ${problem.flow}`);
    // As `dataflow state move` does it: counts the new name holds (of runs that linked nothing) are added to the moved ones.
    carryState(w.store, from, problem.flow);
    w.moves++;
  }
  expect(checkClaims({ store: w.store, slug: SCOPE, flows: w.flows(), otherSpecs: new Set(), dryRun: false }).problems).toEqual([]);
}

const uncertain = (report: SyncReport) => report.flows.some((f) => f.errors.some((e) => e.message.includes('may have been created')));

export class Run implements Command {
  constructor(readonly plan: RunPlan = {}) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const { killAt, killAfterCreate, dryRun, full, vanish, appear, second } = this.plan;
    claims(w);
    if (dryRun) {
      const before = w.snapshot();
      const report = await w.run({ dryRun: true });
      w.dryRuns++;
      expect(report).not.toBe('killed');
      expect(w.snapshot(), '--dry-run writes nothing').toEqual(before);
      w.left.takeRejections();
      w.right.takeRejections();
      return;
    }
    const options: RunOptions = {};
    if (killAt !== undefined) options.killAt = killAt;
    if (killAfterCreate !== undefined) options.killAfterCreate = killAfterCreate;
    if (full) options.full = true;
    if (vanish !== undefined || appear || this.plan.edit) {
      options.during = () => {
        if (vanish !== undefined) remove(w, 'target', duringEntity('target', vanish.entity), vanish.index);
        if (appear) {
          const added: AnyRecord = { id: String(w.nextSource++), properties: { name: 'Appeared', email: 'ann@x.no' } };
          w.left.stamp(added);
          w.left.records('Product').push(added);
          note(w, 'source', 'Product', added, ['id'], true);
        }
        const e = this.plan.edit;
        // Only a system that versions its records can tell the sync its write is stale; others would lose the edit.
        if (e && w.system(e.side).shape.versions) edit(w, e.side, duringEntity(e.side, e.entity), e.index, e.field, e.value, e.skew, true);
      };
    }
    let refusal: Promise<unknown> | undefined;
    if (second !== undefined && killAt === undefined && killAfterCreate === undefined) {
      options.second = {
        at: second,
        start: () => {
          const other = w.openSecond();
          refusal = runSync(w.flows(), { left: w.left, right: w.right, store: other, scope: SCOPE, now: () => new Date(w.ms()) }).then(
            () => {
              other.close();
              return 'ran';
            },
            (error: unknown) => {
              other.close();
              return error;
            },
          );
        },
      };
    }
    const scopes = feedScopes(w);
    const before = w.edits.slice();
    const report = await w.run(options);
    w.runs++;
    if (full) w.fullRuns++;
    if (report === 'killed') {
      w.killed++;
      w.reopen();
      if (w.flows().some((f) => w.store.loadIntents(flowKey(SCOPE, f.id)).intents.some((i) => i.sent !== false && i.createdId === undefined))) {
        w.killedInCreates++;
        w.createsInFlight = true;
      }
      if (this.plan.thenRows) changeRows(w, this.plan.thenRows);
      w.edits.push(...w.late);
      w.late = [];
      w.left.takeRejections();
      w.right.takeRejections();
      return;
    }
    w.createsInFlight = false;
    if (refusal) {
      const outcome = await refusal;
      expect((outcome as Error).name, 'a second sync of the spec on the same state refuses to run').toBe('StateLockedError');
      expect((outcome as Error).message).toContain('another dataflow sync');
      w.concurrent++;
    }
    checkFeedResets(w, report, scopes);
    checkRejections(w, report);
    checkRun(w, report, false);
    checkFeeds(w, before);
    // An edit made during the run is one more run away from settling.
    const during = w.late.length;
    w.edits.push(...w.late);
    w.late = [];
    // Runs without edits: the first settles what the world did behind the sync's back (and a
    // creation that depends on a link made in the same run); uncertain creates may take more.
    for (let i = 0; ; i++) {
      const edits = w.edits.slice();
      const employed = new Set(w.links(EMPLOYEE.id).map(([s]) => s));
      const settled = await w.run();
      expect(settled).not.toBe('killed');
      const r = settled as SyncReport;
      checkRejections(w, r);
      checkRun(w, r, true, employed);
      checkFeeds(w, edits);
      if ((!uncertain(r) && i >= (during > 0 ? 1 : 0)) || i >= 4) break;
    }
    // ...and after that, nothing is written.
    const quiet = w.snapshot();
    const again = (await w.run()) as SyncReport;
    expect(again).not.toBe('killed');
    expect(w.snapshot(), 'after two runs without edits nothing is written').toEqual(quiet);
    for (const f of again.flows) {
      expect(f.created, `${f.id}: a run after the world settled creates nothing`).toBe(0);
      expect(f.updated, `${f.id}: a run after the world settled updates nothing`).toBe(0);
    }
    w.left.takeRejections();
    w.right.takeRejections();
    w.edits = [];
    w.baseline = w.allLinks();
    w.baselineRows = w.allRows();
    w.invariantChecks++;
  }
  toString = () => {
    const { killAt, killAfterCreate, dryRun, full, vanish, appear, edit: e, second, thenRows } = this.plan;
    if (dryRun) return 'sync --dry-run';
    const parts = [
      full ? '--full' : '',
      killAt !== undefined ? `killed at step ${killAt}` : '',
      killAfterCreate !== undefined ? `killed at the first step after create call #${killAfterCreate} returned` : '',
      vanish !== undefined ? `Tripletex ${duringEntity('target', vanish.entity)} #${vanish.index} deleted after the first read` : '',
      appear ? 'a HubSpot product added after the first read' : '',
      e ? `after the first read, if that system versions records: ${editText(e.side, duringEntity(e.side, e.entity), e.index, e.field, e.value, e.skew)}` : '',
      second !== undefined && killAt === undefined ? `a second sync starts at call ${second}` : '',
    ].filter(Boolean);
    const then = thenRows && (killAt !== undefined || killAfterCreate !== undefined) ? `; if it was killed, then spec: the product flow ${describeRows(thenRows)}` : '';
    return `sync${parts.length ? ` (${parts.join('; ')})` : ''}${then}`;
  };
}

const side = fc.constantFrom<Side>('source', 'target');
const sourceEntity = fc.constantFrom(...SOURCE_ENTITIES);
const targetEntity = fc.constantFrom(...TARGET_ENTITIES);
const skew = fc.integer({ min: -30, max: 30 });
const entityOf = (s: Side, n: number) => duringEntity(s, n);

export const commands = (maxSteps: number) => {
  const addSource = fc.tuple(sourceEntity, valuesFor).map(([e, v]) => new AddSource(e, v));
  const addTarget = fc.tuple(targetEntity, valuesFor).map(([e, v]) => new AddTarget(e, v));
  const editRecord = fc
    .tuple(side, fc.nat(2), fc.nat(20), fc.nat(6), anyValue, skew)
    .map(([s, e, index, field, v, k]) => new EditRecord(s, entityOf(s, e), index, field, v, k));
  const killed = fc.nat({ max: 40 }).map((n) => new Run({ killAt: n + 1 }));
  const behindItsBack = fc
    .record(
      {
        vanish: fc.record({ entity: fc.nat(2), index: fc.nat(20) }),
        appear: fc.boolean(),
        edit: fc.record({ side, entity: fc.nat(2), index: fc.nat(20), field: fc.nat(6), value: anyValue, skew }),
        killAt: fc.nat({ max: 40 }).map((n) => n + 1),
      },
      { requiredKeys: [] },
    )
    .map((plan) => new Run(plan));
  return fc.commands(
    [
      // What people do (about three in five operations)...
      addSource,
      addSource,
      addSource,
      addTarget,
      addTarget,
      editRecord,
      editRecord,
      editRecord,
      editRecord,
      fc.tuple(side, fc.nat(2), fc.nat(20)).map(([s, e, index]) => new DeleteRecord(s, entityOf(s, e), index)),
      fc.constantFrom(0, 1, 10).map((s) => new Tick(s)),
      fc.constantFrom(...PRODUCT_ROWS).map((rows) => new ChangeRows(rows)),
      fc.constant(new RenameFlow()),
      // ...and runs.
      fc.constant(new Run()),
      fc.constant(new Run()),
      killed,
      killed,
      // Products added, then a run killed amid their creates (a record made, its id maybe not stored),
      // then maybe a spec with other rows: recovery matches over the rows both have.
      fc
        .tuple(fc.array(valuesFor, { minLength: 1, maxLength: 3 }), fc.nat({ max: 3 }), fc.option(fc.constantFrom(...PRODUCT_ROWS), { nil: undefined }))
        .map(([added, n, rows]) => new Steps([...added.map((v) => new AddSource('Product', v)), new Run({ killAfterCreate: n + 1, ...(rows ? { thenRows: rows } : {}) })])),
      fc.constant(new Run({ dryRun: true })),
      fc.constant(new Run({ full: true })),
      behindItsBack,
      fc.nat({ max: 12 }).map((n) => new Run({ second: n + 1 })),
    ],
    { maxCommands: maxSteps, size: 'max' },
  );
};
