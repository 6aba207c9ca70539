/**
 * Recovery of creations a crash left unlinked. Before a batch of creates its
 * intents are stored (the values each writes, the source's values, and the
 * targets that existed before); the next intents to send are marked, and each
 * id the system gives is stored as soon as the create returns. So after a
 * crash an intent is in one of three states:
 *
 * - it has the created id: linked to that record if it exists, whatever it
 *   holds now (it may have been edited since); a record that is not there was
 *   never made durable (an adapter that writes on `flush`), so the source is
 *   handled afresh;
 * - it was never sent: nothing was created, handled afresh;
 * - it may have been sent (marks go ahead of the creates: one at a time for
 *   a slow system, up to a batch for a fast one), or it failed in a way that
 *   may have created it: the created record is one of the targets that are
 *   new since the batch, unlinked and claimed by no other intent. One holding
 *   exactly the intended values is taken first (when the spec gained or lost
 *   rows since, exactly on the rows both have; on none, the listing cannot
 *   tell); else the new target agreeing on the most mapped values, at least
 *   one not empty (it may have been edited since); else, in the order they
 *   were sent, a new target nothing else accounts for that contradicts the
 *   create on no value (emptied since), the smallest id first (a system
 *   hands out growing ids, so one made by hand after the crash has a
 *   greater one); else the system's own search (`findCreated`), by every
 *   value the create sent, rows the spec has dropped since included; else it
 *   was never created. A record edited to other values since cannot be told
 *   from one made by hand, and is left alone.
 *
 * A recovered link starts from the intent's values as its last-synced values,
 * so an edit made in either system since the create is a change like any other.
 */
import type { AnyRecord } from '../flow.js';
import { writePath } from '../paths.js';
import { isSyncAborted, SyncAborted, type SystemAdapter } from './adapter.js';
import { isOwnId, type AnyFlow, type FlowPlan } from './flow-plan.js';
import { compareCreationOrder, compareIds, type RecordId } from './ids.js';
import { parseSnapshot, project, snapshotText, valuesSnapshot } from './snapshot.js';
import type { LinkTable } from './link-table.js';
import type { AmbiguousMatch } from './report.js';
import type { Intent, LinkWrite, PendingIntents } from './state-store.js';
import { filledValues, outranks, searchOrder, type Filled } from './search-contention.js';

/** Links the found records (added to `links` and `taken`) and returns them, to be stored; a choice among several told to `onAmbiguous`. */
export function recoverIntents(
  plan: FlowPlan,
  pending: PendingIntents,
  targets: ReadonlyMap<RecordId, number>,
  records: readonly AnyRecord[],
  links: LinkTable,
  taken: Set<RecordId>,
  onAmbiguous?: (choice: AmbiguousMatch) => void,
): LinkWrite[] {
  const recovered: LinkWrite[] = [];
  const open = pending.intents.filter((intent) => !links.has(intent.sourceId));

  // Known ids first: they also keep their records from being taken for an in-flight intent.
  const claimed = new Set<RecordId>();
  for (const intent of open) if (intent.createdId !== undefined) claimed.add(intent.createdId);
  for (const intent of open) {
    const id = intent.createdId;
    if (id === undefined || !targets.has(id) || taken.has(id) || pending.known.get(intent.batch)?.has(id)) continue;
    linkIntent(plan, intent, id, links, taken, recovered);
  }

  const inFlight = open.filter((intent) => intent.createdId === undefined && intent.sent !== false);
  const batches = new Map<string, Intent[]>();
  for (const intent of inFlight) {
    const list = batches.get(intent.batch);
    if (list) list.push(intent);
    else batches.set(intent.batch, [intent]);
  }
  for (const [batch, intents] of batches) {
    // The targets new since the batch began, unlinked and claimed by no intent: what its creates may have made.
    const known = pending.known.get(batch);
    const fresh: { id: RecordId; position: number; values: string[] }[] = [];
    for (const [id, position] of targets) {
      if (!taken.has(id) && !claimed.has(id) && !known?.has(id)) fresh.push({ id, position, values: project(records[position]!, plan.target) });
    }
    if (fresh.length === 0) continue;
    fresh.sort((a, b) => compareIds(a.id, b.id));
    const byValues = new Map<string, RecordId[]>();
    for (const { id, values } of fresh) {
      const text = valuesSnapshot(plan, values);
      const list = byValues.get(text);
      if (list) list.push(id);
      else byValues.set(text, [id]);
    }
    // Exactly the intended values first: the whole snapshot, else (rows added or removed since, or
    // reordered) on every row the intent and the spec now share; on none, the listing cannot tell.
    const unresolved: Intent[] = [];
    for (const intent of intents) {
      let found = byValues.get(intent.values)?.find((id) => !taken.has(id));
      if (found === undefined) {
        const wanted = parseSnapshot(intent.values)!;
        const common = shared(plan, wanted);
        if (common.length > 0) found = fresh.find(({ id, values }) => !taken.has(id) && common.every((i) => values[i] === wanted.get(plan.target.keys[i]!)))?.id;
      }
      if (found === undefined) unresolved.push(intent);
      else linkIntent(plan, intent, found, links, taken, recovered);
    }
    // Edited since: the new target agreeing on the most mapped values (at least one that is not empty).
    const left: Intent[] = [];
    for (const intent of unresolved) {
      const wanted = parseSnapshot(intent.values)!;
      let best: RecordId | undefined;
      let bestScore = 0;
      for (const { id, values } of fresh) {
        if (taken.has(id)) continue;
        let score = 0;
        plan.target.keys.forEach((key, i) => {
          const value = wanted.get(key);
          if (value !== undefined && !isEmpty(value) && value === values[i]) score++;
        });
        if (score > bestScore) {
          best = id;
          bestScore = score;
        }
      }
      if (best !== undefined) linkIntent(plan, intent, best, links, taken, recovered);
      else left.push(intent);
    }
    // Emptied since, or holding nothing to tell them by: a target new since the batch that nothing above
    // accounts for is the record of a create left that it contradicts on no value (no row where both
    // hold a value, and differ). The creates went out in order and a system hands out growing ids, so
    // they are matched in id order, and a record someone made after the crash, which has a greater id
    // than the sync's, is the one left over when more such targets are left than creates (the choice is
    // reported). Not the listing's order: a changes feed lists by change time. A record edited to other
    // values is not told from one made by hand.
    const rest = fresh.filter(({ id }) => !taken.has(id));
    if (rest.length > 0 && left.length > 0) {
      rest.sort((a, b) => compareCreationOrder(a.id, b.id));
      const open = left.map((intent) => ({ intent, wanted: parseSnapshot(intent.values)! }));
      for (const { id, values } of rest) {
        if (open.length === 0) break;
        const at = open.findIndex(({ wanted }) => !contradicts(plan, wanted, values));
        if (at < 0) continue;
        const { intent, wanted } = open[at]!;
        linkIntent(plan, intent, id, links, taken, recovered);
        open.splice(at, 1);
        if (rest.length > left.length) {
          const candidates = rest.filter((r) => r.id === id || (!taken.has(r.id) && !contradicts(plan, wanted, r.values))).map((r) => r.id);
          if (candidates.length > 1) onAmbiguous?.({ record: intent.sourceId, criterion: MADE_FIRST, chosen: id, candidates });
        }
      }
    }
  }
  return recovered;
}

/** The criterion a recovered link chosen among several new targets is reported with. */
export const MADE_FIRST = 'a creation recovered after a crash: of the new targets it contradicts on no value, the one with the smallest id (made first)';

const isEmpty = (value: string) => value === 'null' || value === '""';

/** A row (the spec maps now) on which the intended value and the record's are both there, and differ. */
function contradicts(plan: FlowPlan, wanted: ReadonlyMap<string, string>, values: readonly string[]): boolean {
  return plan.target.keys.some((key, i) => {
    const value = wanted.get(key);
    return value !== undefined && !isEmpty(value) && !isEmpty(values[i]!) && value !== values[i];
  });
}

/** The indexes of the target rows (other than its own id) the spec maps now and the intent holds a value for. */
function shared(plan: FlowPlan, wanted: ReadonlyMap<string, string>): number[] {
  const common: number[] = [];
  plan.target.keys.forEach((key, i) => {
    if (!isOwnId(plan.target.specs[i]!) && wanted.has(key)) common.push(i);
  });
  return common;
}

function linkIntent(plan: FlowPlan, intent: Intent, target: RecordId, links: LinkTable, taken: Set<RecordId>, out: LinkWrite[]): void {
  const snapshot = intent.sourceValues ? { source: intent.sourceValues, target: createdSnapshot(plan, intent.values, target) } : undefined;
  links.add(intent.sourceId, { target, digest: null, fresh: true, ...(snapshot ? { snapshot } : {}) });
  taken.add(target);
  out.push({ sourceId: intent.sourceId, targetId: target, source: snapshot?.source ?? null, target: snapshot?.target ?? null, digest: null });
}

/** The target's last-synced values as the create left them: the intended values, and its own id where a row maps it. */
function createdSnapshot(plan: FlowPlan, values: string, id: RecordId): string {
  if (!plan.target.hasOwnId) return values;
  return snapshotText(project({ ...valuesOf(plan, values), id }, plan.target), plan.target);
}

/**
 * The intents recovery could not settle from the listing, settled by the
 * system itself: a created id looked up with `get`, an in-flight create by its
 * own search (`findCreated`). A listing may lag behind a create, or be a
 * mirror that has not seen it yet. A search that fails stops the run
 * (`SyncAborted`) rather than risk creating the record a second time.
 */
export async function settleWithSystem(
  flow: AnyFlow,
  plan: FlowPlan,
  right: SystemAdapter,
  pending: PendingIntents,
  links: LinkTable,
  taken: Set<RecordId>,
): Promise<LinkWrite[]> {
  if (!right.findCreated && !right.get) return [];
  const settled: LinkWrite[] = [];
  const open = pending.intents.filter((intent) => !links.has(intent.sourceId) && intent.sent !== false);
  // Searched the most filled first: a search for fewer values finds their records too. One whose search found
  // a record it could not take stays a contender: its own may be an older one that a search for less finds.
  const filled = open.map((intent) => filledValues(intent.values));
  const contenders: Filled[] = [];
  for (const at of searchOrder(open, (_, i) => filled[i]!)) {
    const intent = open[at]!;
    if (links.has(intent.sourceId)) continue;
    let found: RecordId | undefined;
    try {
      if (intent.createdId !== undefined) {
        if (right.get && (await right.get(flow.target.entity, intent.createdId))) found = intent.createdId;
      } else if (right.findCreated) {
        found = await search(flow, right.findCreated.bind(right), plan, intent.values);
      }
    } catch (error) {
      if (isSyncAborted(error)) throw error;
      throw new SyncAborted(
        `cannot tell whether a ${flow.target.entity} was created for ${JSON.stringify(intent.sourceId)} before the last run stopped: ` +
          `${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (found === undefined) continue;
    if (intent.createdId === undefined) {
      if (taken.has(found) || pending.known.get(intent.batch)?.has(found) || contenders.some((other) => outranks(other, filled[at]!))) {
        contenders.push(filled[at]!);
        continue;
      }
    } else if (taken.has(found)) continue;
    linkIntent(plan, intent, found, links, taken, settled);
  }
  return settled;
}

/**
 * The system's search for an intent's record: by every value the create sent, rows the spec has
 * dropped since included (the system still holds them, and they may be all that tells the record
 * apart); then, when that differs, by the values on the rows the spec maps now (the other search
 * may name a property the system no longer has).
 */
async function search(
  flow: AnyFlow,
  findCreated: NonNullable<SystemAdapter['findCreated']>,
  plan: FlowPlan,
  snapshot: string,
): Promise<RecordId | undefined> {
  const mapped = valuesOf(plan, snapshot);
  const sent = withDroppedRows(plan, snapshot, mapped);
  if (!sent) return findCreated(flow.target.entity, mapped);
  let failure: unknown;
  try {
    const found = await findCreated(flow.target.entity, sent);
    if (found !== undefined) return found;
  } catch (error) {
    if (isSyncAborted(error)) throw error;
    failure = error;
  }
  try {
    return await findCreated(flow.target.entity, mapped);
  } catch (error) {
    throw failure ?? error;
  }
}

/** The values an intent asked to create, as a record again (from its snapshot, keyed by path), on the rows the spec maps now. */
function valuesOf(plan: FlowPlan, snapshot: string): AnyRecord {
  const parsed = JSON.parse(snapshot) as Record<string, unknown>;
  const values: AnyRecord = {};
  plan.target.specs.forEach((spec, i) => {
    const key = plan.target.keys[i]!;
    if (!isOwnId(spec) && Object.prototype.hasOwnProperty.call(parsed, key)) writePath(values, spec, parsed[key]);
  });
  return values;
}

/** `mapped` plus the intent's values on rows the spec no longer maps (paths without a condition); undefined when it has none. */
function withDroppedRows(plan: FlowPlan, snapshot: string, mapped: AnyRecord): AnyRecord | undefined {
  const parsed = JSON.parse(snapshot) as Record<string, unknown>;
  const keys = new Set(plan.target.keys);
  const dropped = Object.keys(parsed).filter((key) => !keys.has(key) && !key.includes(' (Dependant on having '));
  if (dropped.length === 0) return undefined;
  const values = structuredClone(mapped);
  for (const key of dropped) writePath(values, { path: key.split('.'), conditions: [] }, parsed[key]);
  return values;
}
