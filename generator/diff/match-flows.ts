/**
 * Pairs the flows of two versions of a document. Flows have no ids, so they
 * are matched in passes from the surest to the loosest evidence: same labels,
 * then same entities (a renamed system), then a renamed label recognised by
 * one unchanged side plus the same property rows or the same position.
 */
import type { Flow } from '../ir.js';
import { bareEntity, entityStem, sameEntityName, type SideSystems } from './entity-name.js';
import { keySimilarity, rowKey, squash } from './row-key.js';

export interface FlowMatch {
  /** [old index, new index], sorted by new index. */
  pairs: [number, number][];
  removed: number[];
  added: number[];
}

interface Candidate {
  i: number;
  j: number;
  score: number;
  /** Distance of the two flows' ranks, the tie-break that keeps duplicate titles in document order. */
  distance: number;
}

export function matchFlows(before: readonly Flow[], after: readonly Flow[], systems: SideSystems = { source: [], target: [] }): FlowMatch {
  const entities = (f: Flow) => [bareEntity(f.source, systems.source), bareEntity(f.target, systems.target)] as const;
  const oldEntities = before.map(entities);
  const newEntities = after.map(entities);
  const oldKeys = before.map((f) => f.properties.map(rowKey));
  const newKeys = after.map((f) => f.properties.map(rowKey));
  const oldMerge = before.map((f) => f.mergeCriteria.map(rowKey));
  const newMerge = after.map((f) => f.mergeCriteria.map(rowKey));
  const oldFree = new Set(before.map((_, i) => i));
  const newFree = new Set(after.map((_, j) => j));
  const pairs: [number, number][] = [];

  const content = (i: number, j: number): number =>
    keySimilarity(oldKeys[i]!, newKeys[j]!) +
    0.5 * keySimilarity(oldMerge[i]!, newMerge[j]!) +
    (sameRules(before[i]!, after[j]!) ? 0.25 : 0);

  const take = (candidates: Candidate[]): void => {
    candidates.sort((a, b) => b.score - a.score || a.distance - b.distance || a.i - b.i || a.j - b.j);
    for (const c of candidates) {
      if (!oldFree.has(c.i) || !newFree.has(c.j)) continue;
      oldFree.delete(c.i);
      newFree.delete(c.j);
      pairs.push([c.i, c.j]);
    }
  };

  // Passes 1 and 2: flows grouped by a key; inside a group (duplicate titles) the most similar content wins.
  const byKey = (key: (f: Flow) => string): void => {
    const groups = new Map<string, { olds: number[]; news: number[] }>();
    const group = (k: string) => {
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { olds: [], news: [] }));
      return g;
    };
    for (const i of oldFree) group(key(before[i]!)).olds.push(i);
    for (const j of newFree) group(key(after[j]!)).news.push(j);
    const candidates: Candidate[] = [];
    for (const { olds, news } of groups.values()) {
      olds.forEach((i, oi) => news.forEach((j, nj) => candidates.push({ i, j, score: content(i, j), distance: Math.abs(oi - nj) })));
    }
    take(candidates);
  };
  byKey((f) => `${squash(f.source.label)}\u0000${squash(f.target.label)}`);
  byKey((f) => {
    const [source, target] = entities(f);
    return `${source.toLowerCase().replace(/\s+/g, '')}\u0000${target.toLowerCase().replace(/\s+/g, '')}`;
  });

  // Pass 3: renamed labels. One side unchanged plus the same rows; for empty tables, the same position and
  // the same first word of the renamed entity (`Customers person` to `Customers (human data)`).
  const olds = [...oldFree].sort((a, b) => a - b);
  const news = [...newFree].sort((a, b) => a - b);
  const candidates: Candidate[] = [];
  olds.forEach((i, oi) =>
    news.forEach((j, nj) => {
      const o = before[i]!;
      const n = after[j]!;
      const [oldSource, oldTarget] = oldEntities[i]!;
      const [newSource, newTarget] = newEntities[j]!;
      const sameSource = sameEntityName(oldSource, newSource);
      const sameTarget = sameEntityName(oldTarget, newTarget);
      const sideShared = sameSource || sameTarget;
      const stemKept = sameSource ? entityStem(oldTarget) === entityStem(newTarget) : entityStem(oldSource) === entityStem(newSource);
      const bothEmpty = oldKeys[i]!.length === 0 && newKeys[j]!.length === 0;
      const rows = bothEmpty ? 0 : keySimilarity(oldKeys[i]!, newKeys[j]!);
      const samePosition = i === j || oi === nj;
      const accepted = sideShared ? (bothEmpty ? samePosition && stemKept : rows >= 0.5) : !bothEmpty && rows >= 0.8;
      if (!accepted) return;
      const score = rows + (samePosition ? 0.5 : 0) + (sideShared ? 0.5 : 0) + (sameRules(o, n) ? 0.25 : 0);
      candidates.push({ i, j, score, distance: Math.abs(oi - nj) });
    }),
  );
  take(candidates);

  pairs.sort((a, b) => a[1] - b[1]);
  return {
    pairs,
    removed: [...oldFree].sort((a, b) => a - b),
    added: [...newFree].sort((a, b) => a - b),
  };
}

function sameRules(a: Flow, b: Flow): boolean {
  return (
    a.requiresLink === b.requiresLink &&
    (a.trigger ?? '') === (b.trigger ?? '') &&
    (a.createWhenConnectedTo ?? []).join('\u0000') === (b.createWhenConnectedTo ?? []).join('\u0000')
  );
}
