/**
 * No silent duplicates after a spec change: a flow with no sync state, next to
 * state that no flow of the spec claims for the same entities (a renamed flow
 * or spec file), would create every record again. Where the spec text stored
 * with the old state and the current spec are paired by `diff`'s flow
 * matching, the state is carried over; otherwise the run stops and says which
 * `dataflow state move` carries it over.
 */
import { matchFlows } from '../../diff/match-flows.js';
import { sideSystems } from '../../diff/entity-name.js';
import { pairRenamedDocuments } from '../../diff/renames.js';
import type { Document } from '../../ir.js';
import { createFlowIdentities } from '../../model/spec-model.js';
import { parseSpecText } from '../../parse.js';
import type { AnyFlow, StateStore } from '../../../runtime/sync/index.js';
import { plural } from '../../../runtime/plural.js';

export interface Orphan {
  key: string;
  links: number;
  intents: number;
  /** The entities it links, when the state noted them. */
  note?: { source: string; target: string; title?: string };
}

export interface ClaimCheck {
  /** State carried over (moved) because diff recognised the rename. */
  moved: { from: string; to: string }[];
  /** Flows that would start afresh beside unclaimed state for their entities. */
  problems: { flow: string; orphans: Orphan[] }[];
}

export interface ClaimInput {
  store: StateStore;
  slug: string;
  flows: readonly AnyFlow[];
  /** The spec's current text and file (for diff), when known. */
  spec?: { path: string; text: string };
  /** Slugs of the other specs of the project: their state is theirs. */
  otherSpecs: ReadonlySet<string>;
  /** Only look (a dry run moves nothing). */
  dryRun: boolean;
}

const entitiesOf = (flow: AnyFlow) => ({ source: `${flow.source.system}/${flow.source.entity}`, target: `${flow.target.system}/${flow.target.entity}` });

export function checkClaims(input: ClaimInput): ClaimCheck {
  const { store, slug, flows } = input;
  const withState = new Map(store.listFlows().map((f) => [f.key, f]));
  const claimed = new Set(flows.map((f) => `${slug}/${f.id}`));
  const scopeOf = (key: string) => key.slice(0, key.indexOf('/'));
  const unclaimed = (key: string) => !claimed.has(key) && (scopeOf(key) === slug || !input.otherSpecs.has(scopeOf(key)));
  const orphans: Orphan[] = [];
  for (const [key, summary] of withState) {
    if (!unclaimed(key)) continue;
    const text = store.getNote(`flow:${key}`);
    orphans.push({ key, links: summary.links, intents: summary.intents, ...(text ? { note: JSON.parse(text) as Orphan['note'] } : {}) });
  }
  // Flows that ran and linked nothing (one that never creates, or had no data yet) hold only coverage counts:
  // no duplicates to fear, but their counts follow a recognised rename like links do.
  const countedOnly = new Set([...store.loadCoverage('').keys()].filter((key) => key.includes('/') && !withState.has(key) && unclaimed(key)));
  const result: ClaimCheck = { moved: [], problems: [] };
  if (orphans.length === 0 && countedOnly.size === 0) return result;
  const renames = recognisedRenames(input, [...orphans.map((o) => o.key), ...countedOnly]);
  for (const flow of flows) {
    const key = `${slug}/${flow.id}`;
    if (withState.has(key)) continue;
    const from = renames.get(key);
    const orphan = from === undefined ? undefined : orphans.find((o) => o.key === from);
    if (from !== undefined && countedOnly.has(from)) {
      if (!input.dryRun) carryState(store, from, key);
      countedOnly.delete(from);
      result.moved.push({ from, to: key });
    }
    const mine = entitiesOf(flow);
    // State of unknown entities (noted by no run) counts too: better one question than a double.
    const candidates = orphans.filter((o) => !o.note || (o.note.source === mine.source && o.note.target === mine.target));
    if (!orphan && candidates.length === 0) continue;
    if (orphan) {
      if (!input.dryRun) carryState(store, orphan.key, key);
      orphans.splice(orphans.indexOf(orphan), 1);
      result.moved.push({ from: orphan.key, to: key });
      continue;
    }
    result.problems.push({ flow: key, orphans: candidates });
  }
  return result;
}

/**
 * Moves a flow's state (links, values, intents, coverage counts) to `to` in one transaction. Counts `to`
 * already holds (runs under the new name that linked nothing) are added to the moved ones, not lost:
 * the state store's move refuses a key with state of its own.
 */
export function carryState(store: StateStore, from: string, to: string): void {
  store.transaction(() => {
    // Only bare counts are merged: a key with links of its own is refused by the move, as it must be.
    const mine = countsOnly(store, to) ? store.loadCoverage(to).get(to) : undefined;
    if (mine) store.dropState(to);
    store.moveState(from, to);
    if (mine) store.addCoverage(to, mine);
  });
}

/** The flow key holds coverage counts and no links or intents (a flow that ran under this name and linked nothing). */
export function countsOnly(store: StateStore, key: string): boolean {
  return (store.loadCoverage(key).get(key)?.size ?? 0) > 0 && !store.listFlows().some((f) => f.key === key);
}

/** New flow key -> old flow key, for flows `diff` pairs between the spec text stored with old state and the current one. */
function recognisedRenames(input: ClaimInput, keys: readonly string[]): Map<string, string> {
  const renames = new Map<string, string>();
  if (!input.spec) return renames;
  const current = parseSpecText(input.spec.path, input.spec.text);
  const currentIds = createFlowIdentities(current).map((i) => i.id);
  const olds: { scope: string; doc: Document }[] = [];
  for (const scope of new Set(keys.map((key) => key.slice(0, key.indexOf('/'))))) {
    const oldText = input.store.getNote(`spec:${scope}`);
    if (oldText !== undefined) olds.push({ scope, doc: parseSpecText(input.spec.path, oldText) });
  }
  // The spec's own earlier text pairs its flows; another spec's (one that is gone) only when it is this spec
  // renamed, by the same test as diff's and generate's (the one that matches best, if several do).
  const renamed = pairRenamedDocuments(olds.filter((o) => o.scope !== input.slug), [{ doc: current }])[0]?.[0];
  for (const { scope, doc: old } of olds.filter((o) => o.scope === input.slug || o === renamed)) {
    const oldIds = createFlowIdentities(old).map((i) => i.id);
    for (const [i, j] of matchFlows(old.flows, current.flows, sideSystems(old, current)).pairs) {
      const from = `${scope}/${oldIds[i]}`;
      const to = `${input.slug}/${currentIds[j]}`;
      if (from !== to) renames.set(to, from);
    }
  }
  return renames;
}

export function claimsProblemText(check: ClaimCheck, stateFile: string): string {
  const lines = ['the sync state holds links that no flow of this spec claims, beside flows that have none; a run now would create those records again:'];
  const quoted = /[\s'"]/.test(stateFile) ? JSON.stringify(stateFile) : stateFile;
  for (const problem of check.problems) {
    for (const orphan of problem.orphans) {
      const what = orphan.note ? `${orphan.note.source} -> ${orphan.note.target}` : 'entities not noted';
      lines.push(`  ${orphan.key} (${plural(orphan.links, 'link')}, ${plural(orphan.intents, 'pending creation')}; ${what}) is not claimed, and ${problem.flow} has no state`);
    }
    const first = problem.orphans[0]!;
    // Counts the new name holds (runs that linked nothing) are added to the moved ones (state move merges them).
    lines.push(`    if ${problem.flow} is ${first.key} renamed: dataflow state move ${first.key} ${problem.flow} --state ${quoted}`);
    lines.push(`    if that state is obsolete: dataflow state drop ${first.key} --state ${quoted}`);
  }
  lines.push('(dataflow state list --state FILE shows every flow with state)');
  return lines.join('\n');
}
