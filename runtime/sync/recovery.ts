/**
 * Recovery of creations a crash left unlinked. An intent is stored before each
 * create with the values it writes and the targets that existed before the
 * batch; the created record is the one among the targets that are new since,
 * not linked, and hold exactly those values. No match means the create never
 * happened: the intent is dropped and the record is considered afresh.
 */
import type { AnyRecord } from '../flow.js';
import type { FlowPlan } from './flow-plan.js';
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
