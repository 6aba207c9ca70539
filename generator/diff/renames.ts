/**
 * Recognises a renamed spec: a document gone under one name and present under
 * another is the same document when its title and flows say so. diff reports
 * it as a rename, generate moves its predicates file, sync carries its state
 * over; all three pair through `pairRenames`, so they agree on what a rename is.
 */
import type { Document } from '../ir.js';
import { contentHash } from '../model/spec-model.js';
import { sideSystems } from './entity-name.js';
import { matchFlows } from './match-flows.js';
import { keySimilarity, rowKey } from './row-key.js';

/**
 * Pairs each gone item with at most one new item and the other way round, the
 * strongest evidence first (ties in the given order). `score` says how sure a
 * pair is (higher is surer), or null when the two are not the same thing.
 */
export function pairRenames<G, N>(gone: readonly G[], added: readonly N[], score: (gone: G, added: N) => number | null): [G, N][] {
  const candidates: { i: number; j: number; score: number }[] = [];
  gone.forEach((g, i) =>
    added.forEach((n, j) => {
      const s = score(g, n);
      if (s !== null) candidates.push({ i, j, score: s });
    }),
  );
  candidates.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  const [goneTaken, addedTaken] = [new Set<number>(), new Set<number>()];
  const pairs: [G, N][] = [];
  for (const c of candidates) {
    if (goneTaken.has(c.i) || addedTaken.has(c.j)) continue;
    goneTaken.add(c.i);
    addedTaken.add(c.j);
    pairs.push([gone[c.i]!, added[c.j]!]);
  }
  return pairs;
}

/** How sure it is that `after` is `before` renamed (higher is surer), or null when they are two documents. */
export function documentRenameScore(before: Document, after: Document): number | null {
  // The same title, systems and flows (lines and prose aside): nothing is surer, whatever else it holds.
  if (hashOf(before) === hashOf(after)) return 4;
  const flowCount = Math.max(before.flows.length, after.flows.length);
  // A title missing a system (`Tripletex to  Dataflow`, common in older documents) names no document;
  // spacing and case do not count (`CustomHRM` and `Custom HRM`, `Ssb` and `SSB`).
  const named = (d: Document) => d.sourceSystem.trim() !== '' && d.targetSystem.trim() !== '';
  const sameTitle = named(before) && named(after) && compact(before.title) === compact(after.title);
  if (flowCount === 0) return sameTitle ? 1 : null;
  // The rows of the whole document: flows of two specs between the same kinds of entity pair by their labels
  // (`HubSpot Contact` to `Tripletex Contact` or to `Fiken Contact`), their property paths do not.
  const [oldRows, newRows] = [documentRows(before), documentRows(after)];
  const rows = keySimilarity(oldRows, newRows);
  const common = Math.round((rows * (oldRows.length + newRows.length)) / (1 + rows));
  // The same title is the document's own name for itself: half its flows kept is enough. Under another title
  // (a renamed system) nearly all rows must still be the same, and enough of them that generic ones
  // (`name` to `Name`) are not all there is. Checked first: it is cheap, and rules out nearly every pair.
  if (!sameTitle && (rows < 0.75 || common < 3)) return null;
  const flows = matchFlows(before.flows, after.flows, sideSystems(before, after)).pairs.length / flowCount;
  return flows >= 0.5 ? flows + rows + (sameTitle ? 1 : 0) : null;
}

const rowsOf = new WeakMap<Document, string[]>();
const hashes = new WeakMap<Document, string>();

// Both memoised: a folder diff scores every gone document against every added one.
function hashOf(doc: Document): string {
  let hash = hashes.get(doc);
  if (hash === undefined) hashes.set(doc, (hash = contentHash(doc)));
  return hash;
}

function documentRows(doc: Document): string[] {
  let rows = rowsOf.get(doc);
  if (!rows) rowsOf.set(doc, (rows = doc.flows.flatMap((f) => f.properties.map(rowKey))));
  return rows;
}

/** Gone documents paired with the new documents that are them renamed. */
export function pairRenamedDocuments<G extends { doc: Document }, N extends { doc: Document }>(gone: readonly G[], added: readonly N[]): [G, N][] {
  return pairRenames(gone, added, (g, n) => documentRenameScore(g.doc, n.doc));
}

function compact(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
