/**
 * What must hold after every run of the model-based sync test that
 * completed, checked against the world and the reference model (the test's
 * own record of edits): no source with two targets and no target the sync
 * made without its link, creation only where the spec allows it, linked
 * pairs agreeing modulo conversion, every edit propagated or lost to a
 * conflicting edit of the same property, every refusal reported, and every
 * change a feed had to hand out seen by the sync.
 */
import { expect } from 'vitest';
import { convertValue, readPath, writePath, type AnyRecord, type PathSpec } from '../../../runtime/index.js';
import { canonical, feedKey, flowKey, type AnyFlow, type FlowReport, type RecordId, type SyncReport } from '../../../runtime/sync/index.js';
import { pathKey, planOf, type BindingPlan } from '../../../runtime/sync/flow-plan.js';
import { EMPLOYEE, SCOPE } from './flows.js';
import { linkKey, rowKey, type Edit, type Side, type World } from './world.js';

const show = (value: unknown) => JSON.stringify(value);

interface FlowView {
  flow: AnyFlow;
  links: [RecordId, RecordId][];
  bySource: Map<RecordId, RecordId>;
  byTarget: Map<RecordId, RecordId>;
  failed: Set<RecordId | null>;
}

function views(w: World, report: SyncReport): FlowView[] {
  return w.flows().map((flow, i) => {
    const links = w.links(flow.id);
    return {
      flow,
      links,
      bySource: new Map(links),
      byTarget: new Map(links.map(([s, t]) => [t, s])),
      failed: new Set(report.flows[i]!.errors.map((e) => e.record)),
    };
  });
}

const find = (records: readonly AnyRecord[], id: RecordId) => records.find((r) => r.id === id);

/** The value a row writes to the target for this source value, or `undefined` when it does not convert. */
function toTargetAlone(flow: AnyFlow, source: AnyRecord, b: BindingPlan): { value: unknown } | undefined {
  const only: AnyRecord = {};
  writePath(only, b.binding.source, readPath(source, b.binding.source));
  try {
    return { value: readPath(flow.toTarget(only) as AnyRecord, b.binding.target) };
  } catch {
    return undefined;
  }
}

/** Canonical form modulo the row's conversion (a target holding 0 where the type is "string" agrees with "0"). */
function converted(value: unknown, b: BindingPlan): string {
  try {
    return canonical(convertValue(value, b.binding.type));
  } catch {
    return canonical(value);
  }
}

const samePath = (spec: PathSpec, path: readonly string[]) =>
  spec.conditions.length === 0 && spec.path.length === path.length && spec.path.every((p, i) => p === path[i]);

const changedLate = (w: World, side: Side, entity: string, id: RecordId) => w.late.some((e) => e.side === side && e.entity === entity && e.id === id);

const uncertain = (report: FlowReport) => report.errors.some((e) => e.message.includes('may have been created'));

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * A target the sync created whose link a killed run never stored, edited by a person before the next
 * run so that nothing the create wrote is left in it and it holds a value of theirs: the engine cannot
 * tell it from a record made by hand (recovery takes a record by a value it kept, or one contradicting
 * nothing), so its source gets another. A known limit: remembered, so later checks skip it too.
 */
function unrecognisable(w: World, flow: AnyFlow, target: AnyRecord): boolean {
  const key = JSON.stringify([flow.target.entity, target.id]);
  if (w.unrecognisable.has(key)) return true;
  const edits = w.edits.filter((e) => e.side === 'target' && e.entity === flow.target.entity && e.id === target.id);
  let theirs = false;
  for (const b of planOf(flow).bindings) {
    if (!b.writeTarget) continue;
    const now = readPath(target, b.binding.target);
    if (isBlank(now)) continue;
    // A value left from the create: recovery could have told the record by it.
    if (!edits.some((e) => samePath(b.binding.target, e.path) && canonical(e.value) === canonical(now))) return false;
    theirs = true;
  }
  if (theirs) w.unrecognisable.add(key);
  return theirs;
}

/** After a run that completed (not a dry run). `settled`: the world has had a run without edits since. */
export function checkRun(w: World, report: SyncReport, settled: boolean, employedBefore: ReadonlySet<RecordId> = new Set()): void {
  const flows = views(w, report);
  const byEntity = (entity: string) => flows.find((v) => v.flow.target.entity === entity);

  for (const v of flows) {
    const { flow, links } = v;
    // No source record has two targets, no target two sources.
    expect(v.bySource.size, `${flow.id}: no source is linked twice`).toBe(links.length);
    expect(v.byTarget.size, `${flow.id}: no target is linked twice`).toBe(links.length);
  }
  for (const entity of ['Product', 'Customer', 'Employee']) {
    const v = byEntity(entity)!;
    const made = w.right.records(entity).filter((t) => !w.handMade.has(t.id as RecordId));
    if (v.flow.rules.creation === 'never') {
      expect(made.map((t) => t.id), `the sync creates no ${entity} ("a link must be established first")`).toEqual([]);
      continue;
    }
    // Every target the sync made is linked (else its source got two, or will); but for a create the
    // system left uncertain, which the next run settles (found by its values, or by findCreated).
    if (uncertain(report.flows[flows.indexOf(v)]!)) continue;
    const orphans = made.filter((t) => !v.byTarget.has(t.id as RecordId) && !unrecognisable(w, v.flow, t));
    expect(orphans, `every ${entity} the sync created is linked`).toEqual([]);
  }
  // A target deleted in its system is not created again: its source keeps the link to it.
  for (const key of w.baseline) {
    const [entity, source, target] = JSON.parse(key) as [string, RecordId, RecordId];
    if (!w.deleted.has(JSON.stringify([entity, target]))) continue;
    const now = byEntity(entity)!.bySource.get(source);
    expect(now === undefined || now === target, `${entity} ${show(target)} was deleted: ${show(source)} gets no new one (linked to ${show(now)})`).toBe(true);
  }
  // A customer is created only for a contact linked to an employee.
  const customers = byEntity('Customer')!;
  const employees = byEntity('Employee')!;
  expect(customers.flow.rules.creation).toBe('when-connected');
  for (const [source, target] of customers.links) {
    if (w.handMade.has(target)) continue;
    expect(employees.bySource.has(source), `customer ${show(target)} was created only because contact ${show(source)} is linked to an employee`).toBe(true);
  }
  expect(employees.flow.id).toBe(EMPLOYEE.id);

  if (settled) {
    const products = byEntity('Product')!;
    for (const s of w.left.records('Product')) {
      if (products.failed.has(s.id as RecordId)) continue;
      expect(products.bySource.has(s.id as RecordId), `HubSpot product ${show(s.id)} is linked`).toBe(true);
    }
    for (const s of w.left.records('Contact')) {
      // Linked to an employee before this run: the customer flow runs first and sees the link now.
      if (!employedBefore.has(s.id as RecordId) || customers.failed.has(s.id as RecordId)) continue;
      expect(customers.bySource.has(s.id as RecordId), `contact ${show(s.id)}, linked to an employee, has a customer`).toBe(true);
    }
  }

  // Linked pairs agree on every mapped property (modulo conversion), unless a value does not convert.
  for (const v of flows) {
    // A flow that shares its source with a later one sees what that one writes to the source (an
    // employee's edit reaching the contact) on the next run: checked once the world has settled.
    if (!settled && flows.slice(flows.indexOf(v) + 1).some((later) => later.flow.source.entity === v.flow.source.entity)) continue;
    const sources = w.left.records(v.flow.source.entity);
    const targets = w.right.records(v.flow.target.entity);
    for (const [sourceId, targetId] of v.links) {
      const S = find(sources, sourceId);
      const T = find(targets, targetId);
      if (!S || !T || v.failed.has(sourceId)) continue;
      // Edited behind the run's back after it read them: the next run reconciles them.
      if (changedLate(w, 'source', v.flow.source.entity, sourceId) || changedLate(w, 'target', v.flow.target.entity, targetId)) continue;
      for (const b of planOf(v.flow).bindings) {
        if (!b.writeTarget) continue;
        const wanted = toTargetAlone(v.flow, S, b);
        if (!wanted) continue;
        expect(converted(readPath(T, b.binding.target), b), `${v.flow.id}: ${show(sourceId)} -> ${show(targetId)} agree on ${pathKey(b.binding.target)} (${show(S)} -> ${show(T)})`).toBe(
          converted(wanted.value, b),
        );
      }
    }
  }

  checkEdits(w, flows);
}

/** Where an edit lands in each flow: the source record's property it is about (flows sharing a source share it). */
function logicalOf(w: World, flows: readonly FlowView[], e: Edit): { key: string; flow: FlowView; b: BindingPlan; source: RecordId; target: RecordId }[] {
  const out: { key: string; flow: FlowView; b: BindingPlan; source: RecordId; target: RecordId }[] = [];
  for (const v of flows) {
    const entity = e.side === 'source' ? v.flow.source.entity : v.flow.target.entity;
    if (entity !== e.entity) continue;
    const pair = e.side === 'source' ? [e.id, v.bySource.get(e.id)] : [v.byTarget.get(e.id), e.id];
    if (pair[0] === undefined || pair[1] === undefined) continue;
    for (const b of planOf(v.flow).bindings) {
      if (!samePath(e.side === 'source' ? b.binding.source : b.binding.target, e.path)) continue;
      // A row new since the last check has no last-synced value: differing values are a conflict (the newer side wins).
      if (!w.baselineRows.has(rowKey(v.flow, b))) continue;
      out.push({ key: JSON.stringify([v.flow.source.entity, pair[0], pathKey(b.binding.source)]), flow: v, b, source: pair[0], target: pair[1] });
    }
  }
  return out;
}

/** An edit is propagated, or lost to a conflicting edit of the same property elsewhere; never silently dropped. */
function checkEdits(w: World, flows: readonly FlowView[]): void {
  const place = (e: Edit) => JSON.stringify([e.side, e.entity, e.id, e.path]);
  const last = new Map<string, Edit>();
  for (const e of w.edits) last.set(place(e), e);
  const keysOf = new Map<Edit, string[]>();
  for (const e of w.edits) keysOf.set(e, logicalOf(w, flows, e).map((l) => l.key));
  for (const e of last.values()) {
    // Changed again while the run was under way (after the run's first read): the later change is what
    // the record holds, checked once the next run has seen it.
    if (w.late.some((o) => place(o) === place(e))) continue;
    const record = find(w.system(e.side).records(e.entity), e.id);
    if (!record) continue;
    for (const l of logicalOf(w, flows, e)) {
      const { flow, b, source, target } = l;
      if (flow.failed.has(source)) continue;
      // A link made since the last check starts with a conflict on every property that differs.
      if (!w.baseline.has(linkKey(flow.flow.target.entity, source, target))) continue;
      const S = find(w.left.records(flow.flow.source.entity), source);
      const T = find(w.right.records(flow.flow.target.entity), target);
      if (!S || !T) continue;
      if (e.side === 'source' && !toTargetAlone(flow.flow, S, b)) continue;
      const now = readPath(record, e.side === 'source' ? b.binding.source : b.binding.target);
      if (converted(now, b) === converted(e.value, b)) continue;
      const rival = w.edits.find((o) => o !== e && place(o) !== place(e) && keysOf.get(o)!.includes(l.key));
      expect(rival, `the edit ${show({ ...e, version: undefined })} is propagated (${flow.flow.id}) or lost to a conflicting edit`).toBeDefined();
    }
  }
}

/** Every record a system refused is reported by a flow writing that entity, and the others went on. */
export function checkRejections(w: World, report: SyncReport): void {
  for (const [side, system] of [['source', w.left], ['target', w.right]] as [Side, typeof w.left][]) {
    for (const r of system.takeRejections()) {
      w.refused++;
      const reported = w.flows().some((flow, i) => {
        const entity = side === 'source' ? flow.source.entity : flow.target.entity;
        if (entity !== r.entity) return false;
        return report.flows[i]!.errors.some((e) => e.message.includes(system.name) && (e.message.includes('refused') || e.message.includes('not found')));
      });
      expect(reported, `${system.name} refused a ${r.entity}${r.id === undefined ? '' : ` (${show(r.id)})`}: the run reports it`).toBe(true);
    }
  }
}

/** The feed cursor never skips a change: every change made before the run began is in the mirror the run leaves. */
export function checkFeeds(w: World, edits: readonly Edit[]): void {
  for (const [side, system, system_] of [['source', w.left, 'HubSpot'], ['target', w.right, 'Tripletex']] as const) {
    if (!system.shape.feed) continue;
    const mirrors = new Map<string, Map<RecordId, number>>();
    const mirror = (entity: string) => {
      let m = mirrors.get(entity);
      if (!m) {
        m = new Map(w.store.loadMirror(feedKey(SCOPE, system_, entity)).map((r) => [r.id as RecordId, (r.version as number) ?? 0]));
        mirrors.set(entity, m);
      }
      return m;
    };
    for (const e of edits) {
      if (e.side !== side || !find(system.records(e.entity), e.id)) continue;
      const seen = mirror(e.entity).get(e.id);
      expect(seen ?? -1, `${system_} ${e.entity} ${show(e.id)} changed (version ${e.version}) before the run: the feed handed it out`).toBeGreaterThanOrEqual(e.version);
    }
  }
}

export { flowKey };
