/**
 * The sync engine: runs a spec's flows between two systems. Per flow it
 * recovers creations a crash left unlinked, links records (stored links first,
 * then merge criteria), creates targets as the creation rule allows,
 * reconciles linked pairs property by property, then writes in chunks, each
 * its own cycle: intents, creates, updates, flush, and finally links and
 * last-synced values in one transaction (a system durable only at its flush is
 * flushed once, after the last chunk, and the earlier chunks' links wait for it).
 * It steps aside to the event loop every so many records and between chunks,
 * so an abort (`signal`, the CLI's Ctrl-C) stops it once the chunk being
 * written is written and recorded.
 */
import { randomUUID } from 'node:crypto';
import type { AnyRecord, PredicateContext } from '../flow.js';
import { readPath } from '../paths.js';
import { isNotWritten } from '../not-written.js';
import { withReadFields } from '../read-fields.js';
import type { SystemAdapter } from './adapter.js';
import { entityPathsOf } from './entity-paths.js';
import { createFeeds, type FeedReport, type Feeds } from './feed.js';
import { pathKey, planOf, type AnyFlow, type FlowPlan } from './flow-plan.js';
import { idOf, noIdMessage, type RecordId } from './ids.js';
import { createMatcher, type Matcher } from './matcher.js';
import { creationValues, reconcile, type PairTimes } from './reconcile.js';
import { recoverIntents, settleWithSystem } from './recovery.js';
import { createFlowReport, type ErrorDetails, type FlowReport, type FlowReportBuilder, type SyncReport } from './report.js';
import { project, valuesSnapshot } from './snapshot.js';
import { AGAIN, type LinkTable, type StoredLink } from './link-table.js';
import type { Snapshot, StateStore } from './state-store.js';
import { pairDigest, pairDigester } from './digest.js';
import { isDeepValueError } from './canonical.js';
import { createCoverageRecorder, type CoverageRecorder } from './coverage.js';
import { messageOf, writeFlow, type Creation, type PairWrite, type WriteContext } from './write-flow.js';
import { checkSignal, isSyncInterrupted, pause, SyncInterrupted } from './interrupted.js';

export interface SyncOptions {
  /** The spec's source system (contracts.md: `--left`). */
  left: SystemAdapter;
  /** The spec's target system (`--right`): where flows create records. */
  right: SystemAdapter;
  store: StateStore;
  /** Prefix of the flows' keys in the state (the spec slug), so specs sharing a state file stay apart. */
  scope?: string;
  /** Decide and count everything, write nothing (neither data nor state); the report lists every decision (`plan`). */
  dryRun?: boolean;
  /** Read every entity of an incremental adapter in full this run (`--full`). */
  full?: boolean;
  /** A full read of incremental adapters every N runs (config `sync.fullEvery`). */
  fullEvery?: number;
  /** The clock (tests): the run's upper bound for change reads is taken from it when the run starts. */
  now?: () => Date;
  /**
   * Told how a flow goes: while its records are read and decided (`planning`: `done` of `total` source records,
   * every 1,000), and after each chunk is written (`writing`: `done` of `total` pairs and creations to write).
   */
  onProgress?: (progress: { flow: string; done: number; total: number; phase: 'planning' | 'writing' }) => void;
  /** Linked pairs and creations written per chunk (default `WRITE_CHUNK`; tests set it small). */
  chunkSize?: number;
  /**
   * Stops the run when aborted: the chunk being written is finished, written and recorded (a data folder flushed,
   * its links committed), nothing more is started, and `runSync` throws `SyncInterrupted` (a `SyncAborted`) whose
   * `report` holds what was done. A rerun goes on from there.
   */
  signal?: AbortSignal;
  /** Records read and decided between two turns of the event loop (default 1,000; `Infinity`: never, the benchmark's baseline). */
  pauseEvery?: number;
}

/**
 * A flow's writes go in chunks of this many pairs and creations, each its own cycle of intents,
 * creates, updates and stored links, so a run holds one chunk's values, not every record's.
 */
export const WRITE_CHUNK = 20_000;

/** A flow's run within `runSync`: the run's shared reads. */
interface RunContext {
  feeds: Feeds;
}

const PROGRESS_EVERY = 1000;
const PAUSE_EVERY = 1000;

export async function runSync(flows: readonly AnyFlow[], options: SyncOptions): Promise<SyncReport> {
  // Flow ids key the state: two flows with one id would read and overwrite each other's links.
  const ids = new Set<string>();
  for (const flow of flows) {
    if (ids.has(flow.id)) throw new Error(`two flows have the id ${JSON.stringify(flow.id)}; flow ids must be unique within a spec`);
    ids.add(flow.id);
  }
  // Two runs of one spec on one state would both create what neither has linked yet.
  const release = options.dryRun ? undefined : options.store.lock(options.scope ?? '');
  try {
    return await runAll(flows, options);
  } finally {
    release?.();
  }
}

async function runAll(flows: readonly AnyFlow[], options: SyncOptions): Promise<SyncReport> {
  const feeds = createFeeds({
    store: options.store,
    ...(options.scope ? { scope: options.scope } : {}),
    dryRun: options.dryRun === true,
    full: options.full === true,
    ...(options.fullEvery !== undefined ? { fullEvery: options.fullEvery } : {}),
    until: (options.now?.() ?? new Date()).toISOString(),
    paths: entityPathsOf(flows),
  });
  const reports: FlowReport[] = [];
  try {
    for (const flow of flows) {
      checkSignal(options.signal);
      // What the flow's state is about, so a renamed flow's state can be recognised (`dataflow state`).
      if (!options.dryRun) options.store.setNote(`flow:${flowKey(options.scope, flow.id)}`, flowNote(flow));
      reports.push(await runFlow(flow, options, { feeds }));
    }
  } catch (error) {
    // The feeds' run counts are not stored: the next run reads as if this one had stopped at its last commit.
    if (isSyncInterrupted(error)) error.report = { flows: error.flow ? [...reports, error.flow] : reports };
    throw error;
  }
  const read = feeds.finish();
  return read.length > 0 ? { flows: reports, feeds: read } : { flows: reports };
}

/** One flow on its own (its own reads). */
export async function syncFlow(flow: AnyFlow, options: SyncOptions): Promise<FlowReport> {
  return (await runSync([flow], options)).flows[0]!;
}

export type { FeedReport };

/** The entities a flow links, as noted in the state: `{"source":"HubSpot/Contact","target":"Tripletex/Customer","title":...}`. */
export function flowNote(flow: AnyFlow): string {
  return JSON.stringify({ source: `${flow.source.system}/${flow.source.entity}`, target: `${flow.target.system}/${flow.target.entity}`, title: flow.title });
}

export function flowKey(scope: string | undefined, flowId: string): string {
  return scope ? `${scope}/${flowId}` : flowId;
}

async function runFlow(flow: AnyFlow, options: SyncOptions, run: RunContext): Promise<FlowReport> {
  const { left, right, store } = options;
  const { feeds } = run;
  const key = flowKey(options.scope, flow.id);
  const out = createFlowReport(flow.id, { dryRun: options.dryRun === true });
  const plan = planOf(flow);
  const digestOf = pairDigester(plan);
  const times = pairTimes(flow, left, right);
  // What real data went through (rows, criteria, decisions): counted as writes are stored, with them; never in a dry run.
  const coverage = options.dryRun ? undefined : createCoverageRecorder(flow, plan);
  const sources = await feeds.read(left, flow.source.system, flow.source.entity);
  const targetList = await feeds.read(right, flow.target.system, flow.target.entity);
  const locate = locator(flow, left, right);
  checkIds(flow, targetList, out, locate);
  // The target index: the adapter's own when it keeps one, else built here once something needs it.
  let index: Map<RecordId, number> | undefined;
  const targets = () => (index ??= indexTargets(flow, targetList, out, locate));
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
    const recovered = recoverIntents(plan, pending, targets(), targetList, links, taken(), (choice) => out.ambiguous(choice));
    // Not in the listing (an index that lags, a listing that is a mirror): the system's own search settles them.
    for (const link of await settleWithSystem(flow, plan, right, pending, links, taken())) recovered.push(link);
    out.report.linked += recovered.length;
    for (const link of recovered) out.report.plan?.links.push({ record: link.sourceId, target: link.targetId, by: 'a creation recovered after a crash' });
    if (!options.dryRun) {
      // The recovered creations were made by the run that stopped, which counted none of them: counted now, with their links.
      store.transaction(() => {
        store.commit(key, recovered, 'all');
        if (coverage) {
          for (const link of recovered) coverage.recovered(link.target);
          store.addCoverage(key, coverage.take(false));
        }
      });
    }
  }

  const context: PredicateContext = {
    flowId: flow.id,
    listSource: async (entity) => feeds.read(left, flow.source.system, entity),
    isSynchronized: (flowId, sourceId) => store.isLinked(flowKey(options.scope, flowId), sourceId),
  };
  let matcher: Matcher | undefined;
  const gone = goneRecords(flow, left, right, out);
  const changed: ChangedPair[] = [];
  const creations: PlannedCreation[] = [];
  let done = 0;
  const pauseEvery = options.pauseEvery ?? PAUSE_EVERY;
  /** Stopped by the signal: the flow's report with only what was written and recorded (`changed[from...]` was not). */
  const interrupted = (error: unknown, from: number) => {
    if (!isSyncInterrupted(error)) return error;
    // Links a merge criterion made are stored with their pair's chunk: those of the chunks not written were not made.
    for (let i = from; i < changed.length; i++) if (changed[i]?.stored.fresh && changed[i]!.stored.criterion !== undefined) out.report.linked--;
    error.flow = out.report;
    return error;
  };

  for (let at = 0; at < sources.length; at++) {
    const S = sources[at]!;
    if (++done % PROGRESS_EVERY === 0) options.onProgress?.({ flow: flow.id, done, total: sources.length, phase: 'planning' });
    if (done % pauseEvery === 0) {
      await pause();
      if (options.signal?.aborted) throw interrupted(new SyncInterrupted(options.signal.reason), 0);
    }
    const sourceId = idOf(S);
    if (sourceId === undefined) {
      out.error(null, noIdMessage(flow.source.entity, S), locate('source', undefined, done - 1));
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
      if (!T) gone.target(sourceId, links.targetAt(row), NOT_LISTED);
      else if (gone.removed(sourceId, S, T)) continue;
      else if (digest !== null && sameDigest(digestOf, S, T, digest)) out.report.unchanged++;
      else changed.push(changedPair(at, T, links.linkAt(row), atHint ? position : positionOf(links.targetAt(row))));
      continue;
    }
    const link = row === AGAIN ? 'again' : links.visit(sourceId);
    if (link === 'again') {
      out.error(sourceId, `another ${flow.source.entity} record has the same id`, locate('source', undefined, done - 1));
      continue;
    }
    if (link) {
      // Made in this run (recovered after a crash): reconciled in full.
      const T = targetById(link.target);
      if (!T) gone.target(sourceId, link.target, NOT_LISTED);
      else if (!gone.removed(sourceId, S, T)) changed.push(changedPair(at, T, link, positionOf(link.target)));
      continue;
    }
    const removed = gone.sourceRemoved?.(S);
    if (removed) {
      // Archived or inactive in its system: as good as deleted, so not matched or created from.
      out.skip(sourceId, `it is ${removed} in ${flow.source.system}, so it is neither matched nor created`);
      continue;
    }

    if (flow.mergeKeys.length > 0) {
      matcher ??= createMatcher(flow, targets(), targetList, taken());
      const match = matcher.find(S);
      if (match) {
        if (match.candidates.length > 1) {
          out.ambiguous({ record: sourceId, criterion: match.criterion, chosen: match.target, candidates: match.candidates });
        }
        const fresh: StoredLink = { target: match.target, digest: null, fresh: true, criterion: match.criterion };
        links.add(sourceId, fresh);
        taken().add(match.target);
        out.report.linked++;
        out.report.plan?.links.push({ record: sourceId, target: match.target, by: match.criterion });
        changed.push(changedPair(at, undefined, fresh, targets().get(match.target)!));
        continue;
      }
    }

    let decision: true | string;
    try {
      decision = await decideCreation(flow, S, context);
    } catch (error) {
      coverage?.decisionFailed();
      out.error(sourceId, `predicate ${flow.rules.predicate?.name ?? ''} failed: ${messageOf(error)}`, locate('source', sourceId));
      continue;
    }
    if (decision !== true) {
      coverage?.declined();
      out.skip(sourceId, decision);
      continue;
    }
    const made = creationValues(flow, plan, S);
    if ('error' in made) {
      coverage?.failed(made.fields);
      out.error(sourceId, made.error, { ...locate('source', sourceId), fields: made.fields });
      continue;
    }
    // Its values and projections (most of a creation's size) are made again when its chunk is written.
    creations.push({ sourceId, source: at });
  }
  // Its index of every unlinked target is not needed for the writes.
  matcher = undefined;
  // Linked sources no longer listed: reported; a new record matching the target one of them held takes it over.
  const held = gone.sources(links);
  if (held.size > 0 && creations.length > 0) {
    relinkCreations(flow, out, links, held, targets(), sources, targetList, creations, changed);
  }
  const again = (pair: PairWrite, S: AnyRecord, T: AnyRecord) => {
    const r = reconcilePair(flow, plan, S, T, pair.storedLink, pair.snapshot, pair.link.targetPosition ?? null, times);
    return { pair: r.pair, errors: r.errors, fields: r.fields };
  };
  if (sources.length >= PROGRESS_EVERY) options.onProgress?.({ flow: flow.id, done: sources.length, total: sources.length, phase: 'planning' });

  const ctx: WriteContext = {
    flow,
    plan,
    left,
    right,
    store,
    key,
    out,
    taken,
    locate: (side, id) => locate(side, id),
    seen: (side, record) =>
      side === 'target' ? feeds.seen(flow.target.system, flow.target.entity, record) : feeds.seen(flow.source.system, flow.source.entity, record),
    reconcileAgain: again,
    persist: () => feeds.persist(),
    ...(coverage ? { coverage } : {}),
    // A system durable only at its flush is flushed once: the chunks before the last stage their links.
    ...(left.flush || right.flush ? { staged: [] } : {}),
    unsettled: [],
  };
  const size = Math.max(1, Math.floor(options.chunkSize ?? WRITE_CHUNK));
  const chunks = Math.max(1, Math.ceil(Math.max(changed.length, creations.length) / size));
  // The targets listed before this run's creates, for every chunk's intents (one set when recovered).
  const known = !options.dryRun && creations.length > 0 ? [...targets().keys()] : [];
  let listed = targetList.length;
  const lists = { sources, targets: targetList };
  // Links staged on this connection by a run that stopped (a test's store outlives it) are not this run's.
  if (ctx.staged && !options.dryRun) store.clearStaged(key);
  const toWrite = changed.length + creations.length;
  let from = 0;
  try {
    for (let chunk = 0; chunk < chunks; chunk++) {
      from = chunk * size;
      if (pauseEvery !== Infinity) await pause();
      if (options.signal?.aborted) {
        // The chunks written so far are made durable and recorded: a system durable at its flush is flushed now,
        // and the staged links committed with it (an empty last chunk).
        if (chunk > 0 && ctx.staged && !options.dryRun) await writeFlow(ctx, [], [], known, listed, randomUUID(), true);
        throw new SyncInterrupted(options.signal.reason);
      }
      const pairs: PairWrite[] = [];
      reconcileChanged(flow, plan, store, key, out, pairs, takeChunk(changed, from, from + size), lists, locate, coverage, times);
      const made = prepareCreations(flow, plan, out, locate, sources, takeChunk(creations, from, from + size));
      if (options.dryRun) {
        out.report.created += made.length;
        out.report.updated += made.length;
        continue;
      }
      const before = out.report.created;
      await writeFlow(ctx, pairs, made, known, listed, randomUUID(), chunk === chunks - 1);
      // Adapters that keep a list append: the next chunk's creates come after this one's.
      listed += out.report.created - before;
      const written = Math.min(from + size, changed.length) + Math.min(from + size, creations.length);
      if (toWrite > 0) options.onProgress?.({ flow: flow.id, done: Math.min(written, toWrite), total: toWrite, phase: 'writing' });
    }
  } catch (error) {
    if (ctx.staged) store.clearStaged(key);
    throw interrupted(error, from);
  }
  return out.report;
}

/** Whether a pair's values digest as stored; a value too deep to digest is compared in full (and reported there). */
function sameDigest(digestOf: (S: AnyRecord, T: AnyRecord) => number, S: AnyRecord, T: AnyRecord, digest: number): boolean {
  try {
    return digestOf(S, T) === digest;
  } catch (error) {
    if (isDeepValueError(error)) return false;
    throw error;
  }
}

const NOT_LISTED = 'no longer listed';

/**
 * Linked records gone from their systems: no longer listed, or listed but
 * deleted there by the adapter's `removed` (HubSpot archived, Tripletex
 * inactive). Deletes are not propagated (a spec does not describe them), and
 * the link is kept, so the other side's record is not created again: each is
 * reported (`gone`, and skipped when listed), and nothing is written to the pair.
 */
function goneRecords(flow: AnyFlow, left: SystemAdapter, right: SystemAdapter, out: FlowReportBuilder) {
  const check = (adapter: SystemAdapter, entity: string) => (adapter.removed ? (record: AnyRecord) => adapter.removed!(entity, record) : undefined);
  const sourceRemoved = check(left, flow.source.entity);
  const targetRemoved = check(right, flow.target.entity);
  const target = (sourceId: RecordId, id: RecordId, how: string) => {
    const what = how === NOT_LISTED ? 'no longer exists' : `is ${how}`;
    out.skip(sourceId, `its linked ${flow.target.entity} ${what} in ${flow.target.system}: gone, so nothing is written and it is not created again`);
    out.gone({ record: sourceId, side: 'target', id, how });
  };
  return {
    sourceRemoved,
    target,
    /** A linked pair with either record deleted in its system (reported); false when both are live. */
    removed(sourceId: RecordId, S: AnyRecord, T: AnyRecord): boolean {
      const sourceHow = sourceRemoved?.(S);
      if (sourceHow) {
        out.skip(sourceId, `it is ${sourceHow} in ${flow.source.system}: gone, so nothing is written to its linked ${flow.target.entity}`);
        out.gone({ record: sourceId, side: 'source', id: sourceId, how: sourceHow });
        return true;
      }
      const targetHow = targetRemoved?.(T);
      if (!targetHow) return false;
      target(sourceId, T.id as RecordId, targetHow);
      return true;
    },
    /** After the listing: the stored links whose source was not in it, reported; target id -> the gone source. */
    sources(links: LinkTable): Map<RecordId, RecordId> {
      const held = new Map<RecordId, RecordId>();
      for (const [sourceId, targetId] of links.unvisited()) {
        out.gone({ record: sourceId, side: 'source', id: sourceId, how: NOT_LISTED });
        held.set(targetId, sourceId);
      }
      return held;
    },
  };
}

/**
 * A record about to be created whose merge criteria match a target that a
 * gone source was linked to (a contact deleted and entered again) takes that
 * target over instead: linked by the criterion, reported with the source it
 * replaces, so the target is not duplicated. Each target is taken once.
 */
function relinkCreations(
  flow: AnyFlow,
  out: FlowReportBuilder,
  links: LinkTable,
  held: ReadonlyMap<RecordId, RecordId>,
  targets: ReadonlyMap<RecordId, number>,
  sources: readonly AnyRecord[],
  targetList: readonly AnyRecord[],
  creations: PlannedCreation[],
  changed: ChangedPair[],
): void {
  if (flow.mergeKeys.length === 0) return;
  const index = new Map<RecordId, number>();
  for (const id of held.keys()) {
    const position = targets.get(id);
    if (position !== undefined) index.set(id, position);
  }
  if (index.size === 0) return;
  const taken = new Set<RecordId>();
  const matcher = createMatcher(flow, index, targetList, taken);
  const keep: PlannedCreation[] = [];
  for (const creation of creations) {
    const source = sources[creation.source]!;
    const match = matcher.find(source);
    if (!match) {
      keep.push(creation);
      continue;
    }
    taken.add(match.target);
    const fresh: StoredLink = { target: match.target, digest: null, fresh: true, criterion: match.criterion };
    links.add(creation.sourceId, fresh);
    out.report.linked++;
    if (out.report.plan) {
      const plan = out.report.plan;
      plan.creates = plan.creates.filter((c) => c.record !== creation.sourceId);
      plan.links.push({
        record: creation.sourceId,
        target: match.target,
        by: `${match.criterion} (in place of ${flow.source.entity} ${JSON.stringify(held.get(match.target))}, gone from ${flow.source.system})`,
      });
    }
    changed.push(changedPair(creation.source, undefined, fresh, index.get(match.target)!));
  }
  // In place, without spreading (a run may hold 100,000s of creations).
  keep.forEach((creation, i) => (creations[i] = creation));
  creations.length = keep.length;
}

/**
 * When each side's records last changed, for "newer wins": the adapters' own
 * `updatedAt` hooks (HubSpot's last-modified property, Tripletex's change
 * history), else the records' `updatedAt` (data folders, memory).
 */
function pairTimes(flow: AnyFlow, left: SystemAdapter, right: SystemAdapter): PairTimes | undefined {
  if (!left.updatedAt && !right.updatedAt) return undefined;
  const of = (adapter: SystemAdapter, entity: string) =>
    adapter.updatedAt ? (record: AnyRecord) => adapter.updatedAt!(entity, record) ?? record.updatedAt : (record: AnyRecord) => record.updatedAt;
  return { source: of(left, flow.source.entity), target: of(right, flow.target.entity) };
}

/** Error details for a record: where a data folder holds it. */
function locator(flow: AnyFlow, left: SystemAdapter, right: SystemAdapter) {
  return (side: 'source' | 'target', id: RecordId | undefined, position?: number): ErrorDetails => {
    const adapter = side === 'source' ? left : right;
    const entity = side === 'source' ? flow.source.entity : flow.target.entity;
    const at = adapter.locate?.(entity, id, position);
    return { ...(side === 'target' ? { side } : {}), ...(at ?? {}) };
  };
}

/** Target records without a usable id cannot be linked: reported on every run. */
function checkIds(flow: AnyFlow, records: readonly AnyRecord[], out: FlowReportBuilder, locate: ReturnType<typeof locator>): void {
  records.forEach((T, position) => {
    if (idOf(T) === undefined) out.error(null, noIdMessage(flow.target.entity, T), locate('target', undefined, position));
  });
}

/** Target positions by id; of records sharing an id, the first counts and the others are reported. */
function indexTargets(flow: AnyFlow, records: readonly AnyRecord[], out: FlowReportBuilder, locate: ReturnType<typeof locator>): Map<RecordId, number> {
  const targets = new Map<RecordId, number>();
  records.forEach((T, position) => {
    const id = idOf(T);
    if (id === undefined) return;
    const size = targets.size;
    targets.set(id, targets.get(id) ?? position);
    if (targets.size === size) out.error(id, `another ${flow.target.entity} record has the same id`, locate('target', undefined, position));
  });
  return targets;
}

/**
 * A creation as decided: its source's position in the listing. Its values and projections are made
 * again when its chunk is written (`prepareCreations`): a listing read from a file is not held as objects.
 */
interface PlannedCreation {
  sourceId: RecordId;
  source: number;
}

/** `list[from, to)`, cleared in `list` as it is taken: a written chunk's records are not held until the run ends. */
function takeChunk<T>(list: T[], from: number, to: number): T[] {
  const end = Math.min(to, list.length);
  const part = list.slice(from, end);
  (list as (T | undefined)[]).fill(undefined, from, end);
  return part;
}

/** A chunk's creations with the projections their intents, links and coverage need; a value nested too deep fails its record. */
function prepareCreations(
  flow: AnyFlow,
  plan: FlowPlan,
  out: FlowReportBuilder,
  locate: ReturnType<typeof locator>,
  sources: readonly AnyRecord[],
  planned: readonly PlannedCreation[],
): Creation[] {
  const creations: Creation[] = [];
  for (const { sourceId, source: at } of planned) {
    const source = sources[at]!;
    const made = creationValues(flow, plan, source);
    // The mapping decided once already; one that now fails (a conversion that is not pure) fails its record.
    if ('error' in made) {
      out.error(sourceId, made.error, { ...locate('source', sourceId), fields: made.fields });
      continue;
    }
    const values = made.values;
    let targetValues: string[];
    let sourceValues: string[];
    try {
      targetValues = project(values, plan.target);
      sourceValues = project(source, plan.source);
    } catch (error) {
      if (!isDeepValueError(error)) throw error;
      out.error(sourceId, error.message, locate('source', sourceId));
      continue;
    }
    out.report.plan?.creates.push({ record: sourceId, values });
    creations.push({ sourceId, source, values, sourceValues, targetValues, valuesSnapshot: valuesSnapshot(plan, targetValues) });
  }
  return creations;
}

/**
 * A linked pair to reconcile, by its records' positions in the listings (read again when its chunk is
 * written): a listing read from a file is not held as objects for the whole run.
 */
interface ChangedPair {
  /** S's position in the source listing. */
  source: number;
  /** T itself when its position is not known (found by the adapter's lookup). */
  T: AnyRecord | undefined;
  stored: StoredLink;
  /** T's position in the target listing, when known. */
  position: number | null;
}

function changedPair(source: number, T: AnyRecord | undefined, stored: StoredLink, position: number | null): ChangedPair {
  return { source, T: position === null ? T : undefined, stored, position };
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
  listed: { sources: readonly AnyRecord[]; targets: readonly AnyRecord[] },
  locate: ReturnType<typeof locator>,
  coverage: CoverageRecorder | undefined,
  times: PairTimes | undefined,
): void {
  const records = changed.map((c) => ({ S: listed.sources[c.source]!, T: c.T ?? listed.targets[c.position!]! }));
  const stale: RecordId[] = [];
  changed.forEach((c, i) => {
    if (!c.stored.fresh) stale.push(records[i]!.S.id as RecordId);
  });
  const snapshots = stale.length > 0 ? store.loadSnapshots(key, stale) : new Map<RecordId, Snapshot>();
  for (let i = 0; i < changed.length; i++) {
    const { stored, position } = changed[i]!;
    const { S, T } = records[i]!;
    const sourceId = S.id as RecordId;
    const snapshot: Snapshot = stored.snapshot ?? ((!stored.fresh && snapshots.get(sourceId)) || { source: null, target: null });
    let reconciled: ReturnType<typeof reconcilePair>;
    try {
      reconciled = reconcilePair(flow, plan, S, T, stored, snapshot, position, times);
    } catch (error) {
      // A value nested too deep on either side: this pair waits (its stored link and values are kept).
      if (!isDeepValueError(error)) throw error;
      out.error(sourceId, error.message, locate('source', sourceId));
      continue;
    }
    const { pair, r, errors, fields } = reconciled;
    if (fields.length > 0) coverage?.failed(fields);
    if (errors.length > 0) out.error(sourceId, errors.join('; '), { ...locate('source', sourceId), fields });
    if (r.conflict) out.report.conflicts++;
    if (!pair.source && !pair.target) out.report.unchanged++;
    if (pair.source) out.report.updated++;
    if (pair.target) out.report.updated++;
    if (out.report.plan) {
      if (pair.target) out.report.plan.updates.push(planned('target', sourceId, T, pair.target));
      if (pair.source) out.report.plan.updates.push(planned('source', sourceId, S, pair.source));
    }
    if (pair.source || pair.target || pair.link.digest !== stored.digest || stored.fresh) pairs.push(pair);
  }
}

/** One pair against its last-synced values: what to write, and the link to store after. */
function reconcilePair(
  flow: AnyFlow,
  plan: FlowPlan,
  S: AnyRecord,
  T: AnyRecord,
  stored: StoredLink,
  snapshot: Snapshot,
  position: number | null,
  times: PairTimes | undefined,
) {
  const sourceId = S.id as RecordId;
  const sourceValues = project(S, plan.source);
  const targetValues = project(T, plan.target);
  const r = reconcile(flow, plan, { source: S, target: T, sourceValues, targetValues, ...(times ? { times } : {}) }, snapshot);
  const newDigest = r.partial ? null : pairDigest(plan, r.source ?? S, r.target ?? T);
  const pair: PairWrite = {
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
    S,
    T,
    storedLink: stored,
    snapshot,
    ...(r.target ? { target: { id: T.id as RecordId, record: r.target, changed: r.targetChanged } } : {}),
    ...(r.source ? { source: { id: sourceId, record: r.source, changed: r.sourceChanged } } : {}),
  };
  return { pair, r, errors: r.errors, fields: r.failedFields };
}

/** A dry run's line for an update: each changed field with its old and new value. */
function planned(side: 'source' | 'target', record: RecordId, before: AnyRecord, write: NonNullable<PairWrite['target']>) {
  return {
    record,
    side,
    id: write.id,
    changes: write.changed.map((spec) => ({ field: pathKey(spec), old: readPath(before, spec) ?? null, new: readPath(write.record, spec) ?? null })),
  };
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
      // The fields declared for predicates arrive as their declared types (a value that is not one fails the record).
      return (await predicate.test(withReadFields(S, flow.reads), context)) ? true : `predicate ${predicate.name} is false (${condition})`;
    }
    default:
      return `unknown creation rule ${JSON.stringify(rules.creation)}`;
  }
}

