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
import { idFromKey, idKey, idKeyOf, type RecordId } from './ids.js';
import { createMatcher, type Matcher } from './matcher.js';
import { reconcile } from './reconcile.js';
import { recoverIntents } from './recovery.js';
import { createFlowReport, type FlowReport, type FlowReportBuilder, type SyncReport } from './report.js';
import { project, snapshotText, valuesSnapshot } from './snapshot.js';
import type { LinkWrite, StateStore, StoredLink } from './state-store.js';

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
  const reports: FlowReport[] = [];
  for (const flow of flows) reports.push(await syncFlow(flow, options));
  return { flows: reports };
}

export function flowKey(scope: string | undefined, flowId: string): string {
  return scope ? `${scope}/${flowId}` : flowId;
}

interface PairWrite {
  link: LinkWrite;
  stored: StoredLink;
  sourceId: RecordId;
  target?: { id: RecordId; record: AnyRecord; changed: PathSpec[] };
  source?: { id: RecordId; record: AnyRecord; changed: PathSpec[] };
}

interface Creation {
  sourceKey: string;
  sourceId: RecordId;
  values: AnyRecord;
  sourceValues: string[];
  /** What recovery matches a created record by. */
  valuesSnapshot: string;
}

export async function syncFlow(flow: AnyFlow, options: SyncOptions): Promise<FlowReport> {
  const { left, right, store } = options;
  const key = flowKey(options.scope, flow.id);
  const out = createFlowReport(flow.id);
  const plan = planOf(flow);
  const sources = await left.list(flow.source.entity);
  const targets = indexTargets(flow, await right.list(flow.target.entity), out);
  const links = store.loadLinks(key);
  const taken = new Set<string>();
  for (const link of links.values()) taken.add(link.targetKey);

  const pending = store.loadIntents(key);
  if (pending.intents.length > 0) {
    const recovered = recoverIntents(plan, pending, targets, links, taken);
    out.report.linked += recovered.length;
    if (!options.dryRun) store.commit(key, recovered, 'all');
  }

  const context: PredicateContext = {
    flowId: flow.id,
    listSource: async (entity) => left.list(entity),
    isSynchronized: (flowId, sourceId) => store.isLinked(flowKey(options.scope, flowId), idKey(sourceId)),
  };
  let matcher: Matcher | undefined;
  const pairs: PairWrite[] = [];
  const creations: Creation[] = [];
  const seen = new Set<string>();
  let done = 0;

  for (const S of sources) {
    if (++done % PROGRESS_EVERY === 0) options.onProgress?.({ flow: flow.id, done, total: sources.length });
    const sourceKey = idKeyOf(S);
    if (sourceKey === undefined) {
      out.error(null, `a ${flow.source.entity} record has no id (string or number)`);
      continue;
    }
    const sourceId = S.id as RecordId;
    if (seen.has(sourceKey)) {
      out.error(sourceId, `another ${flow.source.entity} record has the same id`);
      continue;
    }
    seen.add(sourceKey);

    const link = links.get(sourceKey);
    if (link) {
      const T = targets.get(link.targetKey);
      if (T) reconcilePair(flow, plan, out, pairs, sourceKey, S, T, link);
      else out.skip(sourceId, `its linked ${flow.target.entity} ${link.targetKey} no longer exists`);
      continue;
    }

    if (flow.mergeKeys.length > 0) {
      matcher ??= createMatcher(flow, [...targets].map(([k, record]) => ({ key: k, record })), taken);
      const match = matcher.find(S);
      if (match) {
        if (match.candidates.length > 1) {
          out.ambiguous({ record: sourceId, criterion: match.criterion, chosen: idFromKey(match.targetKey), candidates: match.candidates });
        }
        const fresh: StoredLink = { targetKey: match.targetKey, source: null, target: null };
        links.set(sourceKey, fresh);
        taken.add(match.targetKey);
        out.report.linked++;
        reconcilePair(flow, plan, out, pairs, sourceKey, S, targets.get(match.targetKey)!, fresh);
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
    try {
      const values = withoutId(flow.toTarget(S) as AnyRecord);
      creations.push({
        sourceKey,
        sourceId,
        values,
        sourceValues: project(S, plan.source),
        valuesSnapshot: valuesSnapshot(plan, values),
      });
    } catch (error) {
      out.error(sourceId, messageOf(error));
    }
  }
  if (sources.length >= PROGRESS_EVERY) options.onProgress?.({ flow: flow.id, done: sources.length, total: sources.length });

  if (options.dryRun) {
    out.report.created += creations.length;
    out.report.updated += creations.length;
    return out.report;
  }
  await write(flow, plan, options, key, out, pairs, creations, [...targets.keys()]);
  return out.report;
}

/** Targets by id key; records without a usable or unique id cannot be linked and are reported. */
function indexTargets(flow: AnyFlow, records: readonly AnyRecord[], out: FlowReportBuilder): Map<string, AnyRecord> {
  const targets = new Map<string, AnyRecord>();
  for (const T of records) {
    const key = idKeyOf(T);
    if (key === undefined) out.error(null, `a ${flow.target.entity} record has no id (string or number)`);
    else if (targets.has(key)) out.error(T.id as RecordId, `another ${flow.target.entity} record has the same id`);
    else targets.set(key, T);
  }
  return targets;
}

function reconcilePair(
  flow: AnyFlow,
  plan: FlowPlan,
  out: FlowReportBuilder,
  pairs: PairWrite[],
  sourceKey: string,
  S: AnyRecord,
  T: AnyRecord,
  stored: StoredLink,
): void {
  const sourceValues = project(S, plan.source);
  const targetValues = project(T, plan.target);
  // The common case on a re-run: both sides exactly as last synced.
  if (
    stored.source !== null &&
    stored.target !== null &&
    stored.source === snapshotText(sourceValues, plan.source) &&
    stored.target === snapshotText(targetValues, plan.target)
  ) {
    out.report.unchanged++;
    return;
  }
  const sourceId = S.id as RecordId;
  const r = reconcile(flow, plan, { source: S, target: T, sourceValues, targetValues }, stored);
  if (r.errors.length > 0) out.error(sourceId, r.errors.join('; '));
  if (r.conflict) out.report.conflicts++;
  if (!r.source && !r.target) out.report.unchanged++;
  if (r.source) out.report.updated++;
  if (r.target) out.report.updated++;
  if (r.source || r.target || r.sourceSnapshot !== stored.source || r.targetSnapshot !== stored.target) {
    pairs.push({
      link: { sourceKey, targetKey: stored.targetKey, source: r.sourceSnapshot, target: r.targetSnapshot },
      stored,
      sourceId,
      ...(r.target ? { target: { id: T.id as RecordId, record: r.target, changed: r.targetChanged } } : {}),
      ...(r.source ? { source: { id: sourceId, record: r.source, changed: r.sourceChanged } } : {}),
    });
  }
}

async function decideCreation(flow: AnyFlow, S: AnyRecord, context: PredicateContext): Promise<true | string> {
  const rules = flow.rules;
  switch (rules.creation) {
    case 'always':
    case 'when-no-match':
      return true;
    case 'never':
      return `not linked to a ${flow.target.entity}, and the flow creates none (a link must be established first)`;
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
  knownTargets: string[],
): Promise<void> {
  const { left, right, store } = options;
  const links: LinkWrite[] = [];
  const batch = randomUUID();
  const resolved: string[] = [];
  let complete = true;
  if (creations.length > 0) {
    // Durable before the first create: a crash after it leaves something to recover from.
    store.recordIntents(
      key,
      batch,
      knownTargets,
      creations.map((c) => ({ sourceKey: c.sourceKey, values: c.valuesSnapshot })),
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
      links.push({
        sourceKey: c.sourceKey,
        targetKey: idKey(id),
        source: snapshotText(c.sourceValues, plan.source),
        target: snapshotText(project(created, plan.target), plan.target),
      });
      resolved.push(c.sourceKey);
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
    }
    links.push(pair.link);
  }
  await right.flush?.();
  await left.flush?.();
  store.commit(key, links, creations.length === 0 ? 'none' : complete ? { batch } : { batch, resolved });
}

/** Sync never writes an `id`: which records belong together is what links are for. */
function withoutId(values: AnyRecord): AnyRecord {
  if (!Object.prototype.hasOwnProperty.call(values, 'id')) return values;
  const { id: _id, ...rest } = values;
  return rest;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
