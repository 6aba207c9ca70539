/**
 * Operations of the model-based sync test (fast-check `AsyncCommand`s), each
 * printed as a line of a readable script, and the invariants checked after
 * every run against a simple reference model: what the test did since the
 * last completed run.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { convertValue, type AnyRecord } from '../../../runtime/index.js';
import { canonical, type FlowReport } from '../../../runtime/sync/index.js';
import { converts, FIELDS, FLOW, sourceValue, World, type Edit, type FieldName } from './world.js';

/** Nothing to model beyond the world itself: the reference model is the world's record of edits. */
export type Model = Record<string, never>;
type Command = fc.AsyncCommand<Model, World>;

const show = (value: unknown) => JSON.stringify(value);

const field = (name: FieldName) => FIELDS.find((f) => f.name === name)!;

export class AddSource implements Command {
  constructor(readonly values: Partial<Record<FieldName, unknown>>) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const properties: AnyRecord = {};
    for (const f of FIELDS) if (this.values[f.name] !== undefined) properties[f.source] = this.values[f.name];
    w.sources().push({ id: `p${w.nextSource++}`, updatedAt: w.tick(), properties });
  }
  toString = () => `hubspot: add product ${show(this.values)}`;
}

export class AddTarget implements Command {
  constructor(readonly values: Partial<Record<FieldName, unknown>>) {}
  check = () => true;
  async run(_m: Model, w: World) {
    // Ids no system would give the sync's creates (those are numbers, the next after the highest).
    const record: AnyRecord = { id: `by-hand-${++w.handCount}`, updatedAt: w.tick() };
    for (const f of FIELDS) if (this.values[f.name] !== undefined) record[f.target] = this.values[f.name];
    w.handMade.add(record.id as string);
    w.targets().push(record);
  }
  toString = () => `tripletex: add a product by hand ${show(this.values)}`;
}

export class EditRecord implements Command {
  constructor(
    readonly side: 'source' | 'target',
    readonly index: number,
    readonly name: FieldName,
    readonly value: unknown,
    readonly skew: number,
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const records = this.side === 'source' ? w.sources() : w.targets();
    if (records.length === 0) return;
    const at = this.index % records.length;
    const f = field(this.name);
    const old = records[at]!;
    const copy: AnyRecord = structuredClone(old);
    if (this.side === 'source') (copy.properties as AnyRecord)[f.source] = this.value;
    else copy[f.target] = this.value;
    copy.updatedAt = w.tick(this.skew);
    records[at] = copy;
    w.edits.push({ side: this.side, id: copy.id as string | number, field: this.name, value: this.value });
  }
  toString = () =>
    `${this.side === 'source' ? 'hubspot' : 'tripletex'}: edit product #${this.index} ${this.name} = ${show(this.value)} (clock ${this.skew >= 0 ? '+' : ''}${this.skew}s)`;
}

export class UpgradeSpec implements Command {
  check = () => true;
  async run(_m: Model, w: World) {
    w.flow = FLOW;
  }
  toString = () => 'spec: add the row properties.price -> priceExcludingVatCurrency';
}

export class Run implements Command {
  constructor(
    readonly options: { killAt?: number; dryRun?: boolean; vanish?: number; appear?: boolean } = {},
  ) {}
  check = () => true;
  async run(_m: Model, w: World) {
    const { killAt, dryRun, vanish, appear } = this.options;
    const during =
      vanish !== undefined || appear
        ? (_phase: 'listed', world: World) => {
            // Between the listing and the writes: a target is deleted, a source is added.
            const targets = world.targets();
            if (vanish !== undefined && targets.length > 0) {
              const [gone] = targets.splice(vanish % targets.length, 1);
              world.handMade.delete(gone!.id as string);
              world.vanished.add(gone!.id as string);
            }
            if (appear) world.sources().push({ id: `p${world.nextSource++}`, updatedAt: world.tick(), properties: { name: 'Appeared' } });
          }
        : undefined;
    if (dryRun) {
      const before = snapshot(w);
      const report = await w.run({ dryRun: true });
      w.dryRuns++;
      expect(report).not.toBe('killed');
      expect(snapshot(w), '--dry-run writes nothing').toEqual(before);
      return;
    }
    const report = await w.run({ ...(killAt !== undefined ? { killAt } : {}), ...(during ? { during } : {}) });
    w.runs++;
    if (report === 'killed') {
      w.killed++;
      w.reopen();
      return;
    }
    checkInvariants(w, report, false);
    // Runs without edits: the first may still settle what the world did behind the sync's back (a
    // source added after the listing; a linked target deleted and its id given to a new record)...
    const settled = await w.run();
    expect(settled).not.toBe('killed');
    checkInvariants(w, settled as FlowReport, true);
    // ...and after two, nothing is written.
    const before = snapshot(w);
    const again = await w.run();
    expect(again).not.toBe('killed');
    const third = again as FlowReport;
    expect(snapshot(w), 'after two runs without edits nothing is written').toEqual(before);
    expect(third.created, 'a third run creates nothing').toBe(0);
    expect(third.updated, 'a third run updates nothing').toBe(0);
    w.edits = [];
    w.invariantChecks++;
  }
  toString = () => {
    const { killAt, dryRun, vanish, appear } = this.options;
    if (dryRun) return 'sync --dry-run';
    const parts = [killAt !== undefined ? `killed at step ${killAt}` : '', vanish !== undefined ? `tripletex product #${vanish} deleted after the listing` : '', appear ? 'a hubspot product added after the listing' : ''].filter(Boolean);
    return `sync${parts.length ? ` (${parts.join('; ')})` : ''}`;
  };
}

function snapshot(w: World) {
  return { sources: structuredClone(w.sources()), targets: structuredClone(w.targets()), links: w.links(), intents: w.store.loadIntents(`${'hubspot-tripletex'}/${FLOW.id}`).intents.length };
}

/** After a run that completed. */
function checkInvariants(w: World, report: FlowReport, settled: boolean): void {
  const links = w.links();
  const targets = new Map(w.targets().map((t) => [t.id as string | number, t]));
  const sources = new Map(w.sources().map((s) => [s.id as string | number, s]));
  const failed = new Set(report.errors.map((e) => e.record));

  // No source record ever has two targets: every target the sync made is linked, each to one source.
  const linkedTargets = new Set(links.map(([, t]) => t));
  expect(linkedTargets.size, 'no target is linked twice').toBe(links.length);
  expect(new Set(links.map(([s]) => s)).size, 'no source is linked twice').toBe(links.length);
  const orphans = w.targets().filter((t) => !w.handMade.has(t.id as string) && !linkedTargets.has(t.id as string | number));
  expect(orphans, 'every target the sync created is linked (else a source got two)').toEqual([]);
  // Every source whose creation did not fail has its target (once the world has settled).
  for (const s of settled ? w.sources() : []) {
    if (failed.has(s.id as string)) continue;
    expect(links.some(([source]) => source === s.id), `hubspot ${String(s.id)} is linked`).toBe(true);
  }

  // Linked pairs agree on every mapped property (modulo conversion), unless a value does not convert.
  const mapped = new Set(w.flow.properties.map((p) => p.target.path[0]));
  const typeOf = (f: (typeof FIELDS)[number]) => w.flow.properties.find((p) => p.target.path[0] === f.target)!.type;
  for (const [sourceId, targetId] of links) {
    const S = sources.get(sourceId);
    const T = targets.get(targetId);
    if (!S || !T || failed.has(sourceId)) continue;
    for (const f of FIELDS) {
      if (!mapped.has(f.target)) continue;
      const value = sourceValue(S, f);
      if (!converts(f, value)) continue;
      // Modulo conversion on both sides: a target holding 0 where the type is "string" agrees with "0".
      const wanted = convertValue(value, typeOf(f));
      let got: unknown = T[f.target];
      try {
        got = convertValue(got, typeOf(f));
      } catch {
        // compared as it is
      }
      expect(canonical(got), `${String(sourceId)} -> ${String(targetId)}: ${f.name} agrees`).toBe(canonical(wanted));
    }
  }

  // An edit is propagated, or lost to a conflicting edit of the same property on the other side.
  const last = new Map<string, Edit>();
  for (const edit of w.edits) last.set(`${edit.side}\u0000${String(edit.id)}\u0000${edit.field}`, edit);
  for (const edit of last.values()) {
    const f = field(edit.field);
    if (!mapped.has(f.target) || (edit.side === 'source' && !converts(f, edit.value))) continue;
    const pair = links.find(([s, t]) => (edit.side === 'source' ? s : t) === edit.id);
    if (!pair || failed.has(pair[0])) continue;
    const S = sources.get(pair[0]);
    const T = targets.get(pair[1]);
    if (!S || !T) continue;
    const now = edit.side === 'source' ? sourceValue(S, f) : T[f.target];
    if (canonical(now) === canonical(edit.value)) continue;
    const other = [...last.values()].find(
      (e) => e.side !== edit.side && e.field === edit.field && e.id === (edit.side === 'source' ? pair[1] : pair[0]),
    );
    const superseded = w.edits.filter((e) => e.side !== edit.side && e.field === edit.field && e.id === (edit.side === 'source' ? pair[1] : pair[0]));
    expect(other ?? superseded[0], `the edit ${show(edit)} is propagated or lost to a conflicting edit`).toBeDefined();
  }
}

const names = fc.constantFrom<FieldName>('name', 'description', 'price', 'cost');
/** Values as systems send them: strings, numbers, empties, and some that do not convert to a float. */
const value = fc.oneof(
  fc.constantFrom('A', 'B', 'Ø', '', ' 12.5 ', '12.5', '7', 'n/a', null),
  fc.integer({ min: -5, max: 100 }),
);
const values = fc.record({ name: value, description: value, price: value, cost: value }, { requiredKeys: [] });

export const commands = (maxSteps: number) =>
  fc.commands(
    [
      values.map((v) => new AddSource(v)),
      values.map((v) => new AddTarget(v)),
      fc
        .tuple(fc.constantFrom<'source' | 'target'>('source', 'target'), fc.nat(20), names, value, fc.integer({ min: -30, max: 30 }))
        .map(([side, index, name, v, skew]) => new EditRecord(side, index, name, v, skew)),
      fc.constant(new UpgradeSpec()),
      fc.constant(new Run()),
      fc.nat({ max: 14 }).map((n) => new Run({ killAt: n + 1 })),
      fc.constant(new Run({ dryRun: true })),
      fc.tuple(fc.nat(20), fc.boolean()).map(([vanish, appear]) => new Run({ vanish, appear })),
      fc.tuple(fc.nat({ max: 14 }), fc.nat(20)).map(([n, vanish]) => new Run({ killAt: n + 1, vanish })),
    ],
    { maxCommands: maxSteps },
  );
