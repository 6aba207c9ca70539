/** `field-type-conflict`: one target field typed differently by different rows, flows or specs. */
import { compare, typeSignature, type FieldUse } from '../../catalog/catalog.js';
import type { LintRule } from '../finding.js';
import { listPlaces, placeOf } from '../position.js';
import { findingAt, groupBy, writtenFields } from './field-writes.js';
import { entityName } from './names.js';

export const fieldTypes: LintRule = {
  code: 'field-type-conflict',
  severity: 'error',
  summary: 'one target field is given different data types by different rows, flows or specs',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
    for (const written of writtenFields(catalog)) {
      const { entity, field } = written;
      const typed = written.writes.filter((u) => typeSignature(u.type) !== null);
      const bySignature = groupBy(typed, (u) => typeSignature(u.type)!);
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
          findings.push(findingAt(written, u, `${entityName(entity)} field "${field.key}" is typed ${quoteType(u)} here, but ${described}`));
        }
      }
    }
    return findings;
  },
};

function quoteType(u: FieldUse): string {
  return u.type!.raw.startsWith('"') ? u.type!.raw : `"${u.type!.raw}"`;
}
