/**
 * Recovery of creations a crash left unlinked. An intent is stored before each
 * create with the values it writes and the targets that existed before the
 * batch; the created record is the one among the targets that are new since,
 * not linked, and hold exactly those values. No match means the create never
 * happened: the intent is dropped and the record is considered afresh.
 */
import type { AnyRecord } from '../flow.js';
import { writePath } from '../paths.js';
import { isSyncAborted, SyncAborted, type SystemAdapter } from './adapter.js';
import { isOwnId, type AnyFlow, type FlowPlan } from './flow-plan.js';
import { compareIds, type RecordId } from './ids.js';
import { project, valuesSnapshot } from './snapshot.js';
import type { LinkTable } from './link-table.js';
import type { LinkWrite, PendingIntents } from './state-store.js';

/** Links the found records (added to `links` and `taken`) and returns them, to be stored. */
export function recoverIntents(
  plan: FlowPlan,
  pending: PendingIntents,
  targets: ReadonlyMap<RecordId, number>,
  records: readonly AnyRecord[],
  links: LinkTable,
  taken: Set<RecordId>,
): LinkWrite[] {
  const byValues = new Map<string, RecordId[]>();
  for (const [id, position] of targets) {
    if (taken.has(id)) continue;
    const values = valuesSnapshot(plan, project(records[position]!, plan.target));
    const list = byValues.get(values);
    if (list) list.push(id);
    else byValues.set(values, [id]);
  }
  for (const list of byValues.values()) list.sort(compareIds);

  const recovered: LinkWrite[] = [];
  for (const intent of pending.intents) {
    if (links.has(intent.sourceId)) continue;
    const known = pending.known.get(intent.batch);
    const found = byValues.get(intent.values)?.find((id) => !taken.has(id) && !known?.has(id));
    if (found === undefined) continue;
    // No last-synced values: the pair is reconciled as a new link in this run.
    links.add(intent.sourceId, { target: found, digest: null, fresh: true });
    taken.add(found);
    recovered.push({ sourceId: intent.sourceId, targetId: found, source: null, target: null, digest: null });
  }
  return recovered;
}

/**
 * The intents recovery could not settle from the listing, settled by the
 * system's own search (`findCreated`): a listing may lag behind a create, or
 * be a mirror that has not seen it yet. A search that fails stops the run
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
  if (!right.findCreated) return [];
  const settled: LinkWrite[] = [];
  for (const intent of pending.intents) {
    if (links.has(intent.sourceId)) continue;
    let found: RecordId | undefined;
    try {
      found = await right.findCreated(flow.target.entity, valuesOf(plan, intent.values));
    } catch (error) {
      if (isSyncAborted(error)) throw error;
      throw new SyncAborted(
        `cannot tell whether a ${flow.target.entity} was created for ${JSON.stringify(intent.sourceId)} before the last run stopped: ` +
          `${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (found === undefined || taken.has(found) || pending.known.get(intent.batch)?.has(found)) continue;
    links.add(intent.sourceId, { target: found, digest: null, fresh: true });
    taken.add(found);
    settled.push({ sourceId: intent.sourceId, targetId: found, source: null, target: null, digest: null });
  }
  return settled;
}

/** The values an intent asked to create, as a record again (from its snapshot, keyed by path). */
function valuesOf(plan: FlowPlan, snapshot: string): AnyRecord {
  const parsed = JSON.parse(snapshot) as Record<string, unknown>;
  const values: AnyRecord = {};
  plan.target.specs.forEach((spec, i) => {
    const key = plan.target.keys[i]!;
    if (!isOwnId(spec) && Object.prototype.hasOwnProperty.call(parsed, key)) writePath(values, spec, parsed[key]);
  });
  return values;
}
