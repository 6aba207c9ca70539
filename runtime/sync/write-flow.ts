/**
 * Writing a flow's decisions to both systems, record by record or in batches
 * (`createMany`/`updateMany`), with what each outcome means: a rejected record
 * fails alone, a write conflict is re-read and reconciled again (bounded), a
 * create that may have happened is settled with `findCreated` (or by the next
 * run's recovery), and `SyncAborted` stores what is certainly done and stops.
 */
import type { AnyRecord, PathSpec } from '../flow.js';
import { plural } from '../plural.js';
import {
  isMaybeCreated,
  isRecordRejected,
  isSyncAborted,
  isWriteConflict,
  type CreateResult,
  type SystemAdapter,
  type UpdateItem,
} from './adapter.js';
import type { AnyFlow, FlowPlan } from './flow-plan.js';
import type { RecordId } from './ids.js';
import type { StoredLink } from './link-table.js';
import type { ErrorDetails, FlowReportBuilder } from './report.js';
import type { CoverageRecorder } from './coverage.js';
import { project, snapshotText } from './snapshot.js';
import type { IntentDrop, LinkWrite, Snapshot, StateStore } from './state-store.js';
import { pairDigest } from './digest.js';
import { filledValues, outranks, searchOrder, type Filled } from './search-contention.js';

/** Records per `createMany`/`updateMany` call (HubSpot's batch limit). */
export const BATCH_SIZE = 100;
/** A create's id is stored within this long of its return (or when the marked creates run out). */
const SETTLE_EVERY_MS = 5;
/** Fresh reads after a `WriteConflict` before the pair is left to the next run. */
export const CONFLICT_RETRIES = 3;

export interface PairWrite {
  link: LinkWrite;
  /** What to keep when a write fails. */
  stored: Snapshot & { digest: number | null };
  sourceId: RecordId;
  /** The pair as reconciled, and its stored link and last-synced values: a conflict reconciles it again. */
  S: AnyRecord;
  T: AnyRecord;
  storedLink: StoredLink;
  snapshot: Snapshot;
  target?: { id: RecordId; record: AnyRecord; changed: PathSpec[] };
  source?: { id: RecordId; record: AnyRecord; changed: PathSpec[] };
}

export interface Creation {
  sourceId: RecordId;
  source: AnyRecord;
  values: AnyRecord;
  sourceValues: string[];
  /** `project()` of the values (the created record but for its own `id`). */
  targetValues: string[];
  /** What recovery matches a created record by. */
  valuesSnapshot: string;
}

export interface WriteContext {
  flow: AnyFlow;
  plan: FlowPlan;
  left: SystemAdapter;
  right: SystemAdapter;
  store: StateStore;
  key: string;
  out: FlowReportBuilder;
  /** Target ids linked in this flow (a found creation must not be one). */
  taken: () => Set<RecordId>;
  /** Where a record is (file and index for data folders), for error reports. */
  locate: (side: 'source' | 'target', id: RecordId) => ErrorDetails;
  /** A record as now written to (or freshly read from) a system: keeps the run's view of it current. */
  seen: (side: 'source' | 'target', record: AnyRecord) => void;
  /** Reconciles a pair again (after a conflict), without counting. */
  reconcileAgain: (pair: PairWrite, S: AnyRecord, T: AnyRecord) => { pair: PairWrite; errors: string[]; fields: string[] };
  /** Stores the run's own writes in the incremental mirrors: part of the flow's commit. */
  persist: () => void;
  /** Told of each write as its link is kept (not in dry runs); its counts are stored with the commit. */
  coverage?: CoverageRecorder;
  /**
   * Set when the flow is written in chunks to a system durable only at its `flush`: a chunk that is
   * not the last stages its links (`stageLinks`) and its intent drop here instead of flushing and
   * committing, and the last chunk's commit stores them all after the one flush.
   */
  staged?: IntentDrop[];
  /**
   * The filled values of this flow's creates left uncertain so far in the run (over its chunks): a search
   * for fewer of those values finds their records too, so it settles nothing while one is open.
   */
  unsettled: Filled[];
}

export async function writeFlow(
  ctx: WriteContext,
  pairs: PairWrite[],
  creations: Creation[],
  knownTargets: RecordId[],
  listed: number,
  batch: string,
  last = true,
): Promise<void> {
  const { left, right, store, key } = ctx;
  const links: LinkWrite[] = [];
  const dropped: RecordId[] = [];
  let complete = true;
  let aborted: unknown;
  const pending = new Set(pairs);
  try {
    if (creations.length > 0) {
      // Durable before the first create: a crash after it leaves something to recover from.
      store.recordIntents(
        key,
        batch,
        knownTargets,
        creations.map((c) => ({ sourceId: c.sourceId, values: c.valuesSnapshot, sourceValues: snapshotText(c.sourceValues, ctx.plan.source) })),
        Math.min(BATCH_SIZE, creations.length),
      );
      complete = await createAll(ctx, creations, links, dropped, listed, batch, knownTargets);
    }
    await updateAll(ctx, pairs, links, pending);
  } catch (error) {
    if (!isSyncAborted(error)) throw error;
    aborted = error;
  }
  if (aborted !== undefined) {
    // Stopped: what the systems certainly hold is stored, the rest is left to the next run. Writes to
    // an adapter that keeps them until `flush` are not durable, so then nothing is stored (the intents
    // recover the creations).
    for (const pair of pending) if (pair.target && written.has(pair.target) || pair.source && written.has(pair.source)) revert(ctx, pair, links);
    if (!left.flush && !right.flush) commit(ctx, links, creations.length === 0 ? 'none' : { batch, resolved: dropped });
    throw aborted;
  }
  const drop: IntentDrop = creations.length === 0 ? 'none' : complete ? { batch } : { batch, resolved: dropped };
  if (ctx.staged && !last) {
    store.stageLinks(key, links);
    ctx.staged.push(drop);
    return;
  }
  await right.flush?.();
  await left.flush?.();
  commit(ctx, links, drop);
}

/** Links, dropped intents, the mirrors' copies of what was written and the coverage of those writes: one transaction. */
function commit(ctx: WriteContext, links: readonly LinkWrite[], drop: IntentDrop): void {
  ctx.store.transaction(() => {
    // The earlier chunks' intents go with their staged links (written by the first commit).
    for (const earlier of ctx.staged?.splice(0) ?? []) ctx.store.commit(ctx.key, [], earlier);
    ctx.store.commit(ctx.key, links, drop);
    ctx.persist();
    if (ctx.coverage) ctx.store.addCoverage(ctx.key, ctx.coverage.take(true));
  });
}

/** A pair whose old last-synced values are kept (a write failed): only a new link counts, by its merge criterion. */
function revert(ctx: WriteContext, pair: PairWrite, links: LinkWrite[]): void {
  links.push(reverted(pair));
  ctx.coverage?.stored(undefined, undefined, pair.storedLink.criterion);
}

/** A pair whose link is kept as reconciled: what it wrote counts. */
function keep(ctx: WriteContext, pair: PairWrite, links: LinkWrite[]): void {
  links.push(pair.link);
  ctx.coverage?.stored(pair.target?.changed, pair.source?.changed, pair.storedLink.criterion);
}

/** The writes made so far (by item object), so an abort knows which pairs are half done. */
const written = new WeakSet<object>();

async function createAll(
  ctx: WriteContext,
  creations: Creation[],
  links: LinkWrite[],
  dropped: RecordId[],
  listed: number,
  batch: string,
  knownTargets: readonly RecordId[],
): Promise<boolean> {
  const { flow, plan, right, out, store, key } = ctx;
  const entity = flow.target.entity;
  let complete = true;
  let made = 0;
  // Ids the system gave are stored, with a mark on the next intents about to be sent, in small
  // transactions as creates return: a crash then leaves without a known id only the few creates that
  // were marked and may have been sent. Each create is marked before it is sent; a slow system (an
  // API: milliseconds a create) gets a write per create, a fast one a write per BATCH_SIZE creates.
  let createdIds: [RecordId, RecordId][] = [];
  let known: Set<RecordId> | undefined;
  let marked = Math.min(BATCH_SIZE, creations.length);
  let lastWrite = performance.now();
  const settled = (done: number, force: boolean) => {
    if (!force && done < marked && performance.now() - lastWrite < SETTLE_EVERY_MS) return;
    marked = Math.max(marked, Math.min(done + BATCH_SIZE, creations.length));
    store.settleIntents(key, batch, createdIds, marked);
    createdIds = [];
    lastWrite = performance.now();
  };
  const settle = async (c: Creation, result: CreateResult | { error: unknown }) => {
    let id: RecordId | undefined;
    if ('id' in result) id = result.id;
    else {
      const error = result.error;
      const details = { ...ctx.locate('source', c.sourceId), ...errorDetails(error) };
      if (isRecordRejected(error)) {
        // Refused: nothing was created, so the intent goes.
        dropped.push(c.sourceId);
        out.error(c.sourceId, `${entity} rejected: ${messageOf(error)}`, details);
        return;
      }
      const filled = filledValues(c.valuesSnapshot);
      if (isMaybeCreated(error) && right.findCreated) {
        try {
          const found = await right.findCreated(entity, c.values);
          // A record that was there before this run's creates (one made by hand with the same values) is not this one.
          known ??= new Set(knownTargets);
          // Another open create that filled these values and more may have made the record found: the next
          // run's recovery tells them apart by what the listing holds.
          const contended = ctx.unsettled.some((other) => outranks(other, filled));
          if (found !== undefined && !ctx.taken().has(found) && !known.has(found) && !contended) id = found;
        } catch (lookup) {
          if (isSyncAborted(lookup)) throw lookup;
        }
      }
      if (id === undefined) {
        // It may have happened all the same: the intent stays, and the next run settles it.
        complete = false;
        ctx.unsettled.push(filled);
        const settled = isMaybeCreated(error) ? ' (it may have been created: the next run looks for it before creating again)' : '';
        out.error(c.sourceId, `cannot create a ${entity}: ${messageOf(error)}${settled}`, details);
        return;
      }
    }
    const created = { id, ...c.values };
    createdIds.push([c.sourceId, id]);
    ctx.taken().add(id);
    ctx.seen('target', created);
    links.push({
      sourceId: c.sourceId,
      targetId: id,
      source: snapshotText(c.sourceValues, plan.source),
      target: plan.target.hasOwnId ? snapshotText(project(created, plan.target), plan.target) : c.valuesSnapshot,
      digest: pairDigest(plan, c.source, created),
      // Adapters that keep a list append: the next listing most likely has the record here.
      targetPosition: listed + made++,
    });
    dropped.push(c.sourceId);
    ctx.coverage?.created(c.targetValues);
    out.report.created++;
    out.report.updated++;
  };

  for (let i = 0; i < creations.length; i += right.createMany ? BATCH_SIZE : creations.length) {
    const part = right.createMany ? creations.slice(i, i + BATCH_SIZE) : creations;
    if (right.createMany) {
      let results: readonly (CreateResult | { error: unknown })[];
      try {
        results = await right.createMany(entity, part.map((c) => c.values));
        if (results.length !== part.length) throw new Error(`createMany gave ${plural(results.length, 'result')} for ${plural(part.length, 'record')}`);
      } catch (error) {
        if (isSyncAborted(error)) throw error;
        results = part.map(() => ({ error }));
      }
      // Ids the batch gave are other creations': never the one an uncertain item of it is settled to.
      for (const result of results) if ('id' in result) ctx.taken().add(result.id);
      // The items answered first; then the uncertain ones, the most filled first: a search for fewer values
      // also finds their records, so it comes after them (and settles nothing while one is left open).
      const unanswered: number[] = [];
      for (let j = 0; j < part.length; j++) {
        if ('id' in results[j]!) await settle(part[j]!, results[j]!);
        else unanswered.push(j);
      }
      for (const k of searchOrder(unanswered, (j) => filledValues(part[j]!.valuesSnapshot))) {
        const j = unanswered[k]!;
        await settle(part[j]!, results[j]!);
      }
      settled(i + part.length, true);
    } else {
      for (let j = 0; j < part.length; j++) {
        const c = part[j]!;
        let result: CreateResult | { error: unknown };
        try {
          result = { id: await right.create(entity, c.values) };
        } catch (error) {
          if (isSyncAborted(error)) throw error;
          result = { error };
        }
        await settle(c, result);
        settled(j + 1, false);
      }
    }
  }
  // The ids of the last creates, before the updates and the flush (a crash there finds them by id).
  if (createdIds.length > 0) settled(creations.length, true);
  return complete;
}

type Outcome = { ok: true } | { error: unknown };

/** Runs updates (batched when the adapter can), reporting each outcome as it is known. */
async function updateEach(
  adapter: SystemAdapter,
  entity: string,
  items: readonly UpdateItem[],
  settle: (index: number, outcome: Outcome) => void,
): Promise<void> {
  if (adapter.updateMany) {
    for (let i = 0; i < items.length; i += BATCH_SIZE) {
      const part = items.slice(i, i + BATCH_SIZE);
      let results: readonly Outcome[];
      try {
        results = await adapter.updateMany(entity, part);
        if (results.length !== part.length) throw new Error(`updateMany gave ${plural(results.length, 'result')} for ${plural(part.length, 'record')}`);
      } catch (error) {
        if (isSyncAborted(error)) throw error;
        results = part.map(() => ({ error }));
      }
      results.forEach((outcome, j) => settle(i + j, outcome));
    }
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    let outcome: Outcome;
    try {
      await adapter.update(entity, item.id, item.record, item.changed);
      outcome = { ok: true };
    } catch (error) {
      if (isSyncAborted(error)) throw error;
      outcome = { error };
    }
    settle(i, outcome);
  }
}

async function updateAll(ctx: WriteContext, pairs: PairWrite[], links: LinkWrite[], pending: Set<PairWrite>): Promise<void> {
  const { flow, left, right, out } = ctx;
  const conflicts: [PairWrite, 'source' | 'target'][] = [];
  const failed = new Set<PairWrite>();
  const onOutcome = (pair: PairWrite, side: 'source' | 'target', outcome: Outcome) => {
    const write = side === 'target' ? pair.target! : pair.source!;
    if ('ok' in outcome) {
      written.add(write);
      ctx.seen(side, write.record);
      return;
    }
    if (isWriteConflict(outcome.error)) conflicts.push([pair, side]);
    else {
      failed.add(pair);
      fail(ctx, pair, links, side, outcome.error);
    }
    pending.delete(pair);
  };
  const targets = pairs.filter((p) => p.target);
  await updateEach(right, flow.target.entity, targets.map((p) => p.target!), (i, o) => onOutcome(targets[i]!, 'target', o));
  // A source is written once its target is (a failed target write leaves the pair to the next run).
  const sources = pairs.filter((p) => p.source && pending.has(p));
  await updateEach(left, flow.source.entity, sources.map((p) => p.source!), (i, o) => onOutcome(sources[i]!, 'source', o));
  for (const pair of pairs) {
    if (!pending.has(pair)) continue;
    keep(ctx, pair, links);
    pending.delete(pair);
  }
  for (const [pair, side] of conflicts) await resolveConflict(ctx, pair, side, links);
  if (conflicts.length > 0) out.report.writeConflicts = (out.report.writeConflicts ?? 0) + conflicts.length;
}

/** The pair's old last-synced values, so the next run sees the change again; its unwritten updates uncounted. */
function reverted(pair: PairWrite): LinkWrite {
  return { ...pair.link, source: pair.stored.source, target: pair.stored.target, digest: pair.stored.digest };
}

function unwrittenCount(pair: PairWrite): number {
  return (pair.target && !written.has(pair.target) ? 1 : 0) + (pair.source && !written.has(pair.source) ? 1 : 0);
}

function fail(ctx: WriteContext, pair: PairWrite, links: LinkWrite[], side: 'source' | 'target', error: unknown): void {
  const { flow, out } = ctx;
  out.report.updated -= unwrittenCount(pair);
  const entity = side === 'target' ? flow.target.entity : flow.source.entity;
  const id = side === 'target' ? pair.target!.id : pair.source!.id;
  const details: ErrorDetails = {
    ...ctx.locate('source', pair.sourceId),
    ...errorDetails(error),
    ...(side === 'target' ? {} : { side: 'source' as const }),
  };
  if (!details.fields) {
    const changed = (side === 'target' ? pair.target : pair.source)!.changed;
    details.fields = changed.map((spec) => spec.path.join('.'));
  }
  const what = isRecordRejected(error) ? 'rejected' : 'cannot update';
  out.error(pair.sourceId, `${what} ${entity} ${JSON.stringify(id)}: ${messageOf(error)}`, details);
  revert(ctx, pair, links);
}

/**
 * A write refused because the record changed since it was read: read it
 * again and reconcile the pair against the fresh record (its edits are
 * changes like any other, never overwritten blindly), a few times at most.
 */
async function resolveConflict(ctx: WriteContext, first: PairWrite, firstSide: 'source' | 'target', links: LinkWrite[]): Promise<void> {
  const { flow, left, right, out } = ctx;
  let pair = first;
  let side = firstSide;
  let S = pair.source && written.has(pair.source) ? pair.source.record : pair.S;
  let T = pair.target && written.has(pair.target) ? pair.target.record : pair.T;
  out.report.updated -= unwrittenCount(pair);
  for (let attempt = 1; attempt <= CONFLICT_RETRIES; attempt++) {
    const adapter = side === 'target' ? right : left;
    const entity = side === 'target' ? flow.target.entity : flow.source.entity;
    const id = (side === 'target' ? T.id : S.id) as RecordId;
    if (!adapter.get) {
      out.error(pair.sourceId, `${entity} ${JSON.stringify(id)} changed since it was read; the next run reconciles it again`, {
        ...ctx.locate('source', pair.sourceId),
      });
      revert(ctx, first, links);
      return;
    }
    const fresh = await adapter.get(entity, id);
    if (!fresh) {
      out.skip(pair.sourceId, `its linked ${entity} ${JSON.stringify(id)} no longer exists`);
      revert(ctx, first, links);
      return;
    }
    ctx.seen(side, fresh);
    if (side === 'target') T = fresh;
    else S = fresh;
    const again = ctx.reconcileAgain(first, S, T);
    pair = again.pair;
    if (again.errors.length > 0) out.error(pair.sourceId, again.errors.join('; '), { ...ctx.locate('source', pair.sourceId), fields: again.fields });
    try {
      if (pair.target) {
        side = 'target';
        await right.update(flow.target.entity, pair.target.id, pair.target.record, pair.target.changed);
        written.add(pair.target);
        ctx.seen('target', pair.target.record);
        out.report.updated++;
        T = pair.target.record;
      }
      if (pair.source) {
        side = 'source';
        await left.update(flow.source.entity, pair.source.id, pair.source.record, pair.source.changed);
        written.add(pair.source);
        ctx.seen('source', pair.source.record);
        out.report.updated++;
        S = pair.source.record;
      }
      keep(ctx, pair, links);
      return;
    } catch (error) {
      if (isSyncAborted(error)) throw error;
      if (isWriteConflict(error)) continue;
      fail(ctx, pair, links, side, error);
      out.report.updated += unwrittenCount(pair);
      return;
    }
  }
  out.error(pair.sourceId, `still conflicting after ${CONFLICT_RETRIES} fresh reads; the next run reconciles it again`, ctx.locate('source', pair.sourceId));
  revert(ctx, first, links);
}

function errorDetails(error: unknown): ErrorDetails {
  const details: ErrorDetails = {};
  if (error instanceof Error) {
    const { requestId, fields } = error as { requestId?: unknown; fields?: unknown };
    if (typeof requestId === 'string') details.requestId = requestId;
    if (Array.isArray(fields) && fields.length > 0) details.fields = fields.map(String);
  }
  return details;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
