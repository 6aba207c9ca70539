/**
 * `field-source-conflict`: two flows from the same source entity write one
 * target field from different source fields. (Several rows of one flow into
 * one target are a documented fallback: the first with a value wins.)
 */
import { refKey, type FieldUse } from '../../catalog/catalog.js';
import type { LintRule } from '../finding.js';
import { columnOf, listPlaces, placeOf } from '../position.js';
import { entityName } from './names.js';

export const fieldSources: LintRule = {
  code: 'field-source-conflict',
  severity: 'warning',
  summary: 'two flows from one source entity write one target field from different source fields',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
    for (const system of catalog.systems.values()) {
      for (const entity of system.entities.values()) {
        for (const field of entity.fields.values()) {
          const writes = field.uses.filter((u) => u.side === 'target' && u.role === 'property');
          const bySourceEntity = new Map<string, FieldUse[]>();
          for (const u of writes) {
            const key = `${u.flow.source.system.key}\u0000${u.flow.source.entity}`;
            bySourceEntity.set(key, [...(bySourceEntity.get(key) ?? []), u]);
          }
          for (const uses of bySourceEntity.values()) {
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
                findings.push({
                  file: u.flow.spec.file,
                  spec: u.flow.spec.pageId,
                  entity: entity.pageId,
                  field: field.key,
                  line: u.line,
                  column: columnOf(u.flow.spec, u.line),
                  message:
                    `${entityName(entity)} field "${field.key}" is written from ${entityName(flow.source)} "${refKey(u.other)}" here, ` +
                    `but from ${[...reference].map((r) => `"${r}"`).join(', ')} by flow "${first.flow.title}" ` +
                    `(${listPlaces(firstUses.map((f) => placeOf(f.flow.spec, f.line)), 2)})`,
                });
              }
            }
          }
        }
      }
    }
    return findings;
  },
};
