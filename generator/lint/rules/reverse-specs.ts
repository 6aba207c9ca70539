/**
 * `reverse-mismatch`: a spec and its reverse (`a-b` and `b-a`) disagree on a
 * mapping. Where `a-b` maps A.p to B.q and the reverse flow maps B.q back, it
 * should map it back to A.p; a row of `a-b` whose target the reverse maps
 * only to other fields is reported, and so is a merge criterion A.p = B.q
 * where the reverse flow's criteria match B.q only against other fields.
 */
import { refKey, type CatalogFlow } from '../../catalog/catalog.js';
import type { PropertyRef } from '../../ir.js';
import type { Finding as LintFinding, LintRule } from '../finding.js';
import { columnOf, listPlaces, placeOf } from '../position.js';
import { entityName } from './names.js';

/** A finding as a rule returns it (the code and severity are the rule's). */
type Finding = Omit<LintFinding, 'code' | 'severity'>;

export const reverseSpecs: LintRule = {
  code: 'reverse-mismatch',
  severity: 'warning',
  summary: 'a spec and its reverse (a-b and b-a) map one field to different fields',
  check(catalog) {
    const findings: Finding[] = [];
    // Flows by (source entity, target entity): the reverse of a flow is found by swapping the two.
    const byPair = new Map<string, CatalogFlow[]>();
    const pairKey = (f: CatalogFlow, reverse: boolean) =>
      reverse ? `${f.target.pageId}\u0000${f.source.pageId}` : `${f.source.pageId}\u0000${f.target.pageId}`;
    for (const f of catalog.flows) byPair.set(pairKey(f, false), [...(byPair.get(pairKey(f, false)) ?? []), f]);
    for (const flow of catalog.flows) {
      const { document } = flow.spec;
      if (flow.source === flow.target) continue;
      // Only flows of the reverse document (its systems swapped), not any spec that happens to share the entities.
      const reverses = (byPair.get(pairKey(flow, true)) ?? []).filter(
        (r) =>
          r.spec !== flow.spec &&
          r.spec.document.sourceSystem.toLowerCase() === document.targetSystem.toLowerCase() &&
          r.spec.document.targetSystem.toLowerCase() === document.sourceSystem.toLowerCase(),
      );
      if (reverses.length === 0) continue;
      const from = entityName(flow.source);
      const to = entityName(flow.target);
      const mismatches = [
        mappedBackElsewhere(flow, reverses, rows, (p, q, back, places) =>
          `${from} "${p}" is mapped to ${to} "${q}" here, but the reverse spec maps "${q}" back to ${back} (${places})`,
        ),
        // Records linked on A.p = B.q one way should be linked on B.q = A.p the other way.
        mappedBackElsewhere(flow, reverses, criteria, (p, q, back, places) =>
          `${from} "${p}" = ${to} "${q}" links records here, but the reverse spec's merge criteria link "${q}" to ${back} (${places})`,
        ),
      ];
      // One finding per row of a spec: no spread, the lists grow with the specs.
      for (const list of mismatches) for (const finding of list) findings.push(finding);
    }
    return findings;
  },
};

/** A mapping row or merge criterion: A.p (source) to B.q (target), at a line of its spec. */
interface FieldPair {
  source: PropertyRef;
  target: PropertyRef;
  line: number;
}

const rows = (f: CatalogFlow): readonly FieldPair[] => f.flow.properties;

/** Merge criteria with both cells filled: an empty cell is its own warning (empty-cell) and links nothing either way. */
const criteria = (f: CatalogFlow): readonly FieldPair[] => f.flow.mergeCriteria.filter((c) => refKey(c.source) !== '' && refKey(c.target) !== '');

/**
 * The findings for the pairs of `flow` (rows or criteria, as `pairsOf` picks
 * them) that map A.p to B.q where the reverse flows' pairs take B.q back, but
 * never to A.p; `message` gets p, q, the fields B.q goes back to (quoted) and
 * where the reverse spec says so.
 */
function mappedBackElsewhere(
  flow: CatalogFlow,
  reverses: readonly CatalogFlow[],
  pairsOf: (f: CatalogFlow) => readonly FieldPair[],
  message: (p: string, q: string, back: string, places: string) => string,
): Finding[] {
  const findings: Finding[] = [];
  for (const pair of pairsOf(flow)) {
    const p = refKey(pair.source);
    const q = refKey(pair.target);
    const back = reverses.flatMap((r) => pairsOf(r).filter((x) => refKey(x.source) === q).map((x) => ({ r, x })));
    if (back.length === 0 || back.some(({ x }) => refKey(x.target) === p)) continue;
    const elsewhere = [...new Set(back.map(({ x }) => `"${refKey(x.target)}"`))].join(', ');
    findings.push({
      file: flow.spec.file,
      spec: flow.spec.pageId,
      entity: flow.target.pageId,
      field: q,
      line: pair.line,
      column: columnOf(flow.spec, pair.line),
      message: message(p, q, elsewhere, listPlaces(back.map(({ r, x }) => placeOf(r.spec, x.line)), 2)),
    });
  }
  return findings;
}
