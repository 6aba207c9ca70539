/**
 * Recovery of creations a crash left unlinked. An intent is stored before each
 * create with the values it writes and the targets that existed before the
 * batch; the created record is the one among the targets that are new since,
 * not linked, and hold exactly those values. No match means the create never
 * happened: the intent is dropped and the record is considered afresh.
 */
import type { AnyRecord } from '../flow.js';
import type { FlowPlan } from './flow-plan.js';
import { compareIds, idFromKey } from './ids.js';
import { valuesSnapshot } from './snapshot.js';
import type { LinkWrite, PendingIntents, StoredLink } from './state-store.js';

/** Links the found records (added to `links` and `taken`) and returns them, to be stored. */
export function recoverIntents(
  plan: FlowPlan,
  pending: PendingIntents,
  targets: ReadonlyMap<string, AnyRecord>,
  links: Map<string, StoredLink>,
  taken: Set<string>,
): LinkWrite[] {
  const byValues = new Map<string, string[]>();
  for (const [key, record] of targets) {
    if (taken.has(key)) continue;
    const values = valuesSnapshot(plan, record);
    const list = byValues.get(values);
    if (list) list.push(key);
    else byValues.set(values, [key]);
  }
  for (const list of byValues.values()) list.sort((a, b) => compareIds(idFromKey(a), idFromKey(b)));

  const recovered: LinkWrite[] = [];
  for (const intent of pending.intents) {
    if (links.has(intent.sourceKey)) continue;
    const known = pending.known.get(intent.batch);
    const found = byValues.get(intent.values)?.find((key) => !taken.has(key) && !known?.has(key));
    if (found === undefined) continue;
    // No last-synced values: the pair is reconciled as a new link in this run.
    const link: StoredLink = { targetKey: found, source: null, target: null };
    links.set(intent.sourceKey, link);
    taken.add(found);
    recovered.push({ sourceKey: intent.sourceKey, targetKey: found, source: null, target: null });
  }
  return recovered;
}
