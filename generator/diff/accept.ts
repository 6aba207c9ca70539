/**
 * The config's `diff.accept`: breaking changes a team reviewed and accepts.
 * An entry names exactly one change, by its kind, the spec, the flow's title
 * and, for a change to a row, the row (`source -> target` as written), so
 * accepting one removal never hides another. Accepted changes stay in the
 * report, marked, and no longer count as breaking.
 */
import type { AcceptedChange } from '../config/types.js';
import type { Change, DiffReport, DocumentDiff } from './change.js';
import { squash } from './row-key.js';

/** The accept entry that names `change` of `doc`: what `diff --format json` prints beside each breaking change. */
export function acceptKey(doc: DocumentDiff, change: Change): AcceptedChange {
  const key: AcceptedChange = { kind: change.kind, spec: specSlug(doc.name) };
  const flow = change.flow?.old?.title ?? change.flow?.new?.title;
  if (flow !== undefined) key.flow = flow;
  if (change.row !== undefined) key.row = change.row;
  return key;
}

/** `sub/hubspot-tripletex.rst` -> `hubspot-tripletex`: the slug its output folder has. */
function specSlug(name: string): string {
  return (name.split('/').pop() ?? name).replace(/\.[^.]*$/, '');
}

function matches(entry: AcceptedChange, doc: DocumentDiff, change: Change): boolean {
  if (entry.kind !== change.kind) return false;
  // A renamed document answers to either name: the entry may have been written before the rename.
  const names = doc.renamedFrom !== undefined ? [doc.name, doc.renamedFrom] : [doc.name];
  if (!names.some((name) => entry.spec === name.replace(/\.[^./]*$/, '') || entry.spec === specSlug(name))) return false;
  const titles = [change.flow?.old?.title, change.flow?.new?.title].filter((t): t is string => t !== undefined).map(squash);
  if (titles.length === 0 ? entry.flow !== undefined : entry.flow === undefined || !titles.includes(squash(entry.flow))) return false;
  if (change.row === undefined ? entry.row !== undefined : entry.row === undefined || squash(entry.row) !== squash(change.row)) return false;
  return true;
}

/** Marks the breaking changes `accept` names (in place) and recounts; returns the entries that named no breaking change. */
export function applyAccepted(report: DiffReport, accept: readonly AcceptedChange[]): { index: number; entry: AcceptedChange }[] {
  const used = new Set<number>();
  let accepted = 0;
  for (const doc of report.documents) {
    for (const change of doc.changes) {
      if (change.severity !== 'breaking') continue;
      const index = accept.findIndex((entry) => matches(entry, doc, change));
      if (index < 0) continue;
      used.add(index);
      change.accepted = { reason: accept[index]!.reason ?? null };
      accepted++;
    }
  }
  report.breaking -= accepted;
  report.accepted = accepted;
  return accept.map((entry, index) => ({ index, entry })).filter(({ index }) => !used.has(index));
}
