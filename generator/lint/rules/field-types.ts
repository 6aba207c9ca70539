/** `field-type-conflict`: one target field typed differently by different rows, flows or specs. */
import { compare, typeSignature, type FieldUse } from '../../catalog/catalog.js';
import type { LintRule } from '../finding.js';
import { columnOf, listPlaces, placeOf } from '../position.js';
import { entityName } from './names.js';

export const fieldTypes: LintRule = {
  code: 'field-type-conflict',
  severity: 'error',
  summary: 'one target field is given different data types by different rows, flows or specs',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
    for (const system of catalog.systems.values()) {
      for (const entity of system.entities.values()) {
        for (const field of entity.fields.values()) {
          const typed = field.uses.filter((u) => u.side === 'target' && u.role === 'property' && typeSignature(u.type) !== null);
          const bySignature = new Map<string, FieldUse[]>();
          for (const u of typed) bySignature.set(typeSignature(u.type)!, [...(bySignature.get(typeSignature(u.type)!) ?? []), u]);
          if (bySignature.size < 2) continue;
          const groups = [...bySignature.entries()].sort((a, b) => b[1].length - a[1].length || compare(a[0], b[0]));
          // The commonest type is taken as meant; with no clear majority every row is reported.
          const clear = groups[0]![1].length > groups[1]![1].length;
          for (const [signature, uses] of clear ? groups.slice(1) : groups) {
            for (const u of uses) {
              const others = groups.filter(([s]) => s !== signature);
              const described = others
                .map(([, list]) => `${quoteType(list[0]!)} by ${list.length === 1 ? '1 row' : `${list.length} rows`} (${listPlaces(list.map((o) => placeOf(o.flow.spec, o.line)), 2)})`)
                .join('; ');
              findings.push({
                file: u.flow.spec.file,
                spec: u.flow.spec.pageId,
                entity: entity.pageId,
                field: field.key,
                line: u.line,
                column: columnOf(u.flow.spec, u.line),
                message: `${entityName(entity)} field "${field.key}" is typed ${quoteType(u)} here, but ${described}`,
              });
            }
          }
        }
      }
    }
    return findings;
  },
};

function quoteType(u: FieldUse): string {
  return u.type!.raw.startsWith('"') ? u.type!.raw : `"${u.type!.raw}"`;
}
