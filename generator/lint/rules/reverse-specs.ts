/**
 * `reverse-mismatch`: a spec and its reverse (`a-b` and `b-a`) disagree on a
 * mapping. Where `a-b` maps A.p to B.q and the reverse flow maps B.q back, it
 * should map it back to A.p; a row of `a-b` whose target the reverse maps
 * only to other fields is reported, and so is a merge criterion A.p = B.q
 * where the reverse flow's criteria match B.q only against other fields.
 */
import { refKey, type CatalogFlow } from '../../catalog/catalog.js';
import type { LintRule } from '../finding.js';
import { columnOf, listPlaces, placeOf } from '../position.js';
import { entityName } from './names.js';

export const reverseSpecs: LintRule = {
  code: 'reverse-mismatch',
  severity: 'warning',
  summary: 'a spec and its reverse (a-b and b-a) map one field to different fields',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
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
      for (const row of flow.flow.properties) {
        const p = refKey(row.source);
        const q = refKey(row.target);
        const back = reverses.flatMap((r) => r.flow.properties.filter((x) => refKey(x.source) === q).map((x) => ({ r, x })));
        if (back.length === 0 || back.some(({ x }) => refKey(x.target) === p)) continue;
        const to = [...new Set(back.map(({ x }) => `"${refKey(x.target)}"`))].join(', ');
        findings.push({
          file: flow.spec.file,
          spec: flow.spec.pageId,
          entity: flow.target.pageId,
          field: q,
          line: row.line,
          column: columnOf(flow.spec, row.line),
          message:
            `${entityName(flow.source)} "${p}" is mapped to ${entityName(flow.target)} "${q}" here, but the reverse spec maps ` +
            `"${q}" back to ${to} (${listPlaces(back.map(({ r, x }) => placeOf(r.spec, x.line)), 2)})`,
        });
      }
      // Merge criteria: records linked on A.p = B.q one way should be linked on B.q = A.p the other way.
      for (const criterion of flow.flow.mergeCriteria) {
        const p = refKey(criterion.source);
        const q = refKey(criterion.target);
        // An empty cell is its own warning (empty-cell); it links nothing either way.
        if (p === '' || q === '') continue;
        const back = reverses.flatMap((r) => r.flow.mergeCriteria.filter((x) => refKey(x.source) === q && refKey(x.target) !== '').map((x) => ({ r, x })));
        if (back.length === 0 || back.some(({ x }) => refKey(x.target) === p)) continue;
        const to = [...new Set(back.map(({ x }) => `"${refKey(x.target)}"`))].join(', ');
        findings.push({
          file: flow.spec.file,
          spec: flow.spec.pageId,
          entity: flow.target.pageId,
          field: q,
          line: criterion.line,
          column: columnOf(flow.spec, criterion.line),
          message:
            `${entityName(flow.source)} "${p}" = ${entityName(flow.target)} "${q}" links records here, but the reverse spec's merge ` +
            `criteria link "${q}" to ${to} (${listPlaces(back.map(({ r, x }) => placeOf(r.spec, x.line)), 2)})`,
        });
      }
    }
    return findings;
  },
};
