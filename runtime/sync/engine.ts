/**
 * The sync engine: runs a spec's flows between two systems. Per flow it
 * recovers creations a crash left unlinked, links records (stored links first,
 * then merge criteria), creates targets as the creation rule allows,
 * reconciles linked pairs property by property, then writes: intents, creates,
 * updates, flush, and finally links and last-synced values in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { AnyRecord, PathSpec, PredicateContext } from '../flow.js';
import { isNotWritten } from '../not-written.js';
import { isSyncAborted, type SystemAdapter } from './adapter.js';
import { planOf, type AnyFlow, type FlowPlan } from './flow-plan.js';
import { idOf, type RecordId } from './ids.js';
import { createMatcher, type Matcher } from './matcher.js';
import { creationValues, reconcile } from './reconcile.js';
import { recoverIntents } from './recovery.js';
import { createFlowReport, type FlowReport, type FlowReportBuilder, type SyncReport } from './report.js';
import { project, snapshotText, valuesSnapshot } from './snapshot.js';
import { AGAIN, type StoredLink } from './link-table.js';
import type { LinkWrite, Snapshot, StateStore } from './state-store.js';
import { pairDigest, pairDigester } from './digest.js';

export interface SyncOptions {
  /** The spec's source system (contracts.md: `--left`). */
  left: SystemAdapter;
  /** The spec's target system (`--right`): where flows create records. */
  right: SystemAdapter;
  store: StateStore;
  /** Prefix of the flows' keys in the state (the spec slug), so specs sharing a state file stay apart. */
  scope?: string;
  /** Decide and count everything, write nothing (neither data nor state). */
  dryRun?: boolean;
  onProgress?: (progress: { flow: string; done: number; total: number }) => void;
}

const PROGRESS_EVERY = 1000;

export async function runSync(flows: readonly AnyFlow[], options: SyncOptions): Promise<SyncReport> {
  // Flow ids key the state: two flows with one id would read and overwrite each other's links.
  const ids = new Set<string>();
  for (const flow of flows) {
    if (ids.has(flow.id)) throw new Error(`two flows have the id ${JSON.stringify(flow.id)}; flow ids must be unique within a spec`);
    ids.add(flow.id);
  }
  const reports: FlowReport[] = [];
  for (const flow of flows) reports.push(await syncFlow(flow, options));
  return { flows: reports };
}

export function flowKey(scope: string | undefined, flowId: string): string {
  return scope ? `${scope}/${flowId}` : flowId;
}

interface PairWrite {
  link: LinkWrite;
  /** What to keep when a write fails. */
  stored: Snapshot & { digest: number | null };
  sourceId: RecordId;
  target?: { id: RecordId; record: AnyRecord; changed: PathSpec[] };
  source?: { id: RecordId; record: AnyRecord; changed: PathSpec[] };
}

interface Creation {
  sourceId: RecordId;
  source: AnyRecord;
  values: AnyRecord;
  sourceValues: string[];
  /** `project()` of the values (the created record but for its own `id`). */
  targetValues: string[];
  /** What recovery matches a created record by. */
  valuesSnapshot: string;
}

export async function syncFlow(flow: AnyFlow, options: SyncOptions): Promise<FlowReport> {
  const { left, right, store } = options;
  const key = flowKey(options.scope, flow.id);
  const out = createFlowReport(flow.id);
  const plan = planOf(flow);
  const digestOf = pairDigester(plan);
  const sources = await left.list(flow.source.entity);
  const targetList = await right.list(flow.target.entity);
  checkIds(flow, targetList, out);
  // The target index: the adapter's own when it keeps one, else built here once something needs it.
  let index: Map<RecordId, number> | undefined;
  const targets = () => (index ??= indexTargets(flow, targetList, out));
  const targetById = right.lookup?.(flow.target.entity) ?? ((id: RecordId) => targetAt(targets().get(id)));
  const targetAt = (position: number | undefined) => (position === undefined ? undefined : targetList[position]);
  // Only from an index built anyway: a changed pair found by the adapter's lookup keeps no position.
  const positionOf = (id: RecordId) => (index ? index.get(id) ?? null : null);
  const links = store.loadLinks(key);
  // Targets already linked: built only when a record needs matching or recovery (a re-run of linked records never does).
  let takenSet: Set<RecordId> | undefined;
  const taken = () => (takenSet ??= new Set(links.targetIds()));

  const pending = store.loadIntents(key);
  if (pending.intents.length > 0) {
    const recovered = recoverIntents(plan, pending, targets(), targetList, links, taken());
    out.report.linked += recovered.length;
    if (!options.dryRun) store.commit(key, recovered, 'all');
  }

  const context: PredicateContext = {
    flowId: flow.id,
    listSource: async (entity) => left.list(entity),
    isSynchronized: (flowId, sourceId) => store.isLinked(flowKey(options.scope, flowId), sourceId),
  };
  let matcher: Matcher | undefined;
  const pairs: PairWrite[] = [];
  const changed: ChangedPair[] = [];
  const creations: Creation[] = [];
  let done = 0;

  for (const S of sources) {
    if (++done % PROGRESS_EVERY === 0) options.onProgress?.({ flow: flow.id, done, total: sources.length });
    const sourceId = idOf(S);
    if (sourceId === undefined) {
      out.error(null, `a ${flow.source.entity} record has no id (string or number)`);
      continue;
    }
    const row = links.visitStored(sourceId);
    if (row >= 0) {
      // The stored position first: listings mostly keep their order, and an array read is cheaper than a lookup.
      const position = links.positionAt(row);
      const hinted = position === null ? undefined : targetList[position];
      const atHint = hinted !== undefined && links.targetIs(row, hinted.id as RecordId);
      const T = atHint ? hinted : targetById(links.targetAt(row));
      const digest = links.digestAt(row);
      if (!T) out.skip(sourceId, `its linked ${flow.target.entity} ${JSON.stringify(links.targetAt(row))} no longer exists`);
      else if (digest !== null && digestOf(S, T) === digest) out.report.unchanged++;
      else changed.push({ S, T, stored: links.linkAt(row), position: atHint ? position : positionOf(links.targetAt(row)) });
      continue;
    }
    const link = row === AGAIN ? 'again' : links.visit(sourceId);
    if (link === 'again') {
      out.error(sourceId, `another ${flow.source.entity} record has the same id`);
      continue;
    }
    if (link) {
      // Made in this run (recovered after a crash): reconciled in full.
      const T = targetById(link.target);
      if (!T) out.skip(sourceId, `its linked ${flow.target.entity} ${JSON.stringify(link.target)} no longer exists`);
      else changed.push({ S, T, stored: link, position: positionOf(link.target) });
      continue;
    }

    if (flow.mergeKeys.length > 0) {
      matcher ??= createMatcher(flow, targets(), targetList, taken());
      const match = matcher.find(S);
      if (match) {
        if (match.candidates.length > 1) {
          out.ambiguous({ record: sourceId, criterion: match.criterion, chosen: match.target, candidates: match.candidates });
        }
        const fresh: StoredLink = { target: match.target, digest: null, fresh: true };
        links.add(sourceId, fresh);
        taken().add(match.target);
        out.report.linked++;
        const position = targets().get(match.target)!;
        changed.push({ S, T: targetList[position]!, stored: fresh, position });
        continue;
      }
    }

    let decision: true | string;
    try {
      decision = await decideCreation(flow, S, context);
    } catch (error) {
      out.error(sourceId, `predicate ${flow.rules.predicate?.name ?? ''} failed: ${messageOf(error)}`);
      continue;
    }
    if (decision !== true) {
      out.skip(sourceId, decision);
      continue;
    }
    const made = creationValues(flow, plan, S);
    if ('error' in made) {
      out.error(sourceId, made.error);
      continue;
    }
    const targetValues = project(made.values, plan.target);
    creations.push({
      sourceId,
      source: S,
      values: made.values,
      sourceValues: project(S, plan.source),
      targetValues,
      valuesSnapshot: valuesSnapshot(plan, targetValues),
    });
  }
  reconcileChanged(flow, plan, store, key, out, pairs, changed);
  if (sources.length >= PROGRESS_EVERY) options.onProgress?.({ flow: flow.id, done: sources.length, total: sources.length });

  if (options.dryRun) {
    out.report.created += creations.length;
    out.report.updated += creations.length;
    return out.report;
  }
  await write(flow, plan, options, key, out, pairs, creations, creations.length > 0 ? [...targets().keys()] : [], targetList.length);
  return out.report;
}

/** Target records without a usable id cannot be linked: reported on every run. */
function checkIds(flow: AnyFlow, records: readonly AnyRecord[], out: FlowReportBuilder): void {
  for (const T of records) {
    if (idOf(T) === undefined) out.error(null, `a ${flow.target.entity} record has no id (string or number)`);
  }
}

/** Target positions by id; of records sharing an id, the first counts and the others are reported. */
function indexTargets(flow: AnyFlow, records: readonly AnyRecord[], out: FlowReportBuilder): Map<RecordId, number> {
  const targets = new Map<RecordId, number>();
  records.forEach((T, position) => {
    const id = idOf(T);
    if (id === undefined) return;
    const size = targets.size;
    targets.set(id, targets.get(id) ?? position);
    if (targets.size === size) out.error(id, `another ${flow.target.entity} record has the same id`);
  });
  return targets;
}

interface ChangedPair {
  S: AnyRecord;
  T: AnyRecord;
  stored: StoredLink;
  /** T's position in the target listing, when known. */
  position: number | null;
}

/** Reconciles the pairs that changed, with their last-synced values read in one query. */
function reconcileChanged(
  flow: AnyFlow,
  plan: FlowPlan,
  store: StateStore,
  key: string,
  out: FlowReportBuilder,
  pairs: PairWrite[],
  changed: readonly ChangedPair[],
): void {
  const stale = changed.filter((c) => !c.stored.fresh).map((c) => c.S.id as RecordId);
  const snapshots = stale.length > 0 ? store.loadSnapshots(key, stale) : new Map<RecordId, Snapshot>();
  for (const { S, T, stored, position } of changed) {
    const sourceId = S.id as RecordId;
    const snapshot: Snapshot = (!stored.fresh && snapshots.get(sourceId)) || { source: null, target: null };
    const sourceValues = project(S, plan.source);
    const targetValues = project(T, plan.target);
    const r = reconcile(flow, plan, { source: S, target: T, sourceValues, targetValues }, snapshot);
    if (r.errors.length > 0) out.error(sourceId, r.errors.join('; '));
    if (r.conflict) out.report.conflicts++;
    if (!r.source && !r.target) out.report.unchanged++;
    if (r.source) out.report.updated++;
    if (r.target) out.report.updated++;
    const newDigest = r.partial ? null : pairDigest(plan, r.source ?? S, r.target ?? T);
    if (r.source || r.target || newDigest !== stored.digest || stored.fresh) {
      pairs.push({
        link: {
          sourceId,
          targetId: stored.target,
          source: r.sourceSnapshot,
          target: r.targetSnapshot,
          digest: newDigest,
          targetPosition: position,
          ...(stored.fresh ? {} : { stored: true }),
        },
        stored: { ...snapshot, digest: stored.digest },
        sourceId,
        ...(r.target ? { target: { id: T.id as RecordId, record: r.target, changed: r.targetChanged } } : {}),
        ...(r.source ? { source: { id: sourceId, record: r.source, changed: r.sourceChanged } } : {}),
      });
    }
  }
}

async function decideCreation(flow: AnyFlow, S: AnyRecord, context: PredicateContext): Promise<true | string> {
  const rules = flow.rules;
  switch (rules.creation) {
    case 'always':
    case 'when-no-match':
      return true;
    case 'never':
      return `no ${flow.target.entity} linked or matched, and the flow creates none (a link must be established first)`;
    case 'when-connected':
    case 'when-triggered': {
      const predicate = rules.predicate;
      const condition =
        rules.creation === 'when-triggered'
          ? `"${rules.trigger ?? ''}"`
          : `connected to ${(rules.createWhenConnectedTo ?? []).join(', ')}`;
      if (!predicate) return `no predicate decides creation (${condition})`;
      if (isNotWritten(predicate.test)) return `predicate ${predicate.name} in ${predicate.file} is not written yet`;
      return (await predicate.test(S, context)) ? true : `predicate ${predicate.name} is false (${condition})`;
    }
    default:
      return `unknown creation rule ${JSON.stringify(rules.creation)}`;
  }
}

async function write(
  flow: AnyFlow,
  plan: FlowPlan,
  options: SyncOptions,
  key: string,
  out: FlowReportBuilder,
  pairs: PairWrite[],
  creations: Creation[],
  knownTargets: RecordId[],
  listed: number,
): Promise<void> {
  const { left, right, store } = options;
  const links: LinkWrite[] = [];
  const batch = randomUUID();
  const resolved: RecordId[] = [];
  let complete = true;
  if (creations.length > 0) {
    // Durable before the first create: a crash after it leaves something to recover from.
    store.recordIntents(
      key,
      batch,
      knownTargets,
      creations.map((c) => ({ sourceId: c.sourceId, values: c.valuesSnapshot })),
    );
    for (const c of creations) {
      let id: RecordId;
      try {
        id = await right.create(flow.target.entity, c.values);
      } catch (error) {
        if (isSyncAborted(error)) throw error;
        complete = false;
        out.error(c.sourceId, `cannot create a ${flow.target.entity}: ${messageOf(error)}`);
        continue;
      }
      const created = { id, ...c.values };
      // Adapters that keep a list append: the next listing most likely has the record here.
      const position = listed + resolved.length;
      links.push({
        sourceId: c.sourceId,
        targetId: id,
        source: snapshotText(c.sourceValues, plan.source),
        target: plan.target.hasOwnId ? snapshotText(project(created, plan.target), plan.target) : c.valuesSnapshot,
        digest: pairDigest(plan, c.source, created),
        targetPosition: position,
      });
      resolved.push(c.sourceId);
      out.report.created++;
      out.report.updated++;
    }
  }
  for (const pair of pairs) {
    let written = 0;
    try {
      if (pair.target) {
        await right.update(flow.target.entity, pair.target.id, pair.target.record, pair.target.changed);
        written++;
      }
      if (pair.source) {
        await left.update(flow.source.entity, pair.source.id, pair.source.record, pair.source.changed);
        written++;
      }
    } catch (error) {
      if (isSyncAborted(error)) throw error;
      // The old last-synced values stay, so the next run sees the change again.
      out.report.updated -= (pair.target ? 1 : 0) + (pair.source ? 1 : 0) - written;
      out.error(pair.sourceId, `cannot update: ${messageOf(error)}`);
      pair.link.source = pair.stored.source;
      pair.link.target = pair.stored.target;
      pair.link.digest = pair.stored.digest;
    }
    links.push(pair.link);
  }
  await right.flush?.();
  await left.flush?.();
  store.commit(key, links, creations.length === 0 ? 'none' : complete ? { batch } : { batch, resolved });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
