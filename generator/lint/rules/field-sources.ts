/**
 * `field-source-conflict`: two flows from the same source entity write one
 * target field from different source fields. (Several rows of one flow into
 * one target are a documented fallback: the first with a value wins.)
 */
import { refKey } from '../../catalog/catalog.js';
import type { LintRule } from '../finding.js';
import { listPlaces, placeOf } from '../position.js';
import { findingAt, groupBy, writtenFields } from './field-writes.js';
import { entityName } from './names.js';

export const fieldSources: LintRule = {
  code: 'field-source-conflict',
  severity: 'warning',
  summary: 'two flows from one source entity write one target field from different source fields',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
    for (const written of writtenFields(catalog)) {
      const { entity, field } = written;
      for (const uses of groupBy(written.writes, (u) => `${u.flow.source.system.key}\u0000${u.flow.source.entity}`).values()) {
        const flows = [...new Set(uses.map((u) => u.flow))];
        if (flows.length < 2) continue;
        // What the first flow (in spec order) reads is the reference; a later flow reading none of it is reported.
        const first = flows[0]!;
        const reference = new Set(uses.filter((u) => u.flow === first).map((u) => refKey(u.other)));
        for (const flow of flows.slice(1)) {
          const own = uses.filter((u) => u.flow === flow);
          if (own.some((u) => reference.has(refKey(u.other)))) continue;
          const firstUses = uses.filter((u) => u.flow === first);
          for (const u of own) {
            findings.push(
              findingAt(
                written,
                u,
                `${entityName(entity)} field "${field.key}" is written from ${entityName(flow.source)} "${refKey(u.other)}" here, ` +
                  `but from ${[...reference].map((r) => `"${r}"`).join(', ')} by flow "${first.flow.title}" ` +
                  `(${listPlaces(firstUses.map((f) => placeOf(f.flow.spec, f.line)), 2)})`,
              ),
            );
          }
        }
      }
    }
    return findings;
  },
};
