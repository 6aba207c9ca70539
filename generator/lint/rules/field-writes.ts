/** The target fields of a catalog with the mapping rows that write them, for the rules about one field written several ways. */
import type { Catalog, EntityEntry, FieldEntry, FieldUse } from '../../catalog/catalog.js';
import type { Finding } from '../finding.js';
import { columnOf } from '../position.js';

export interface WrittenField {
  entity: EntityEntry;
  field: FieldEntry;
  /** The mapping rows (not merge criteria) that write the field, in spec order. */
  writes: FieldUse[];
}

/** Every field of every entity of the catalog, in catalog order, with its writes (possibly none). */
export function* writtenFields(catalog: Catalog): Generator<WrittenField> {
  for (const system of catalog.systems.values()) {
    for (const entity of system.entities.values()) {
      for (const field of entity.fields.values()) {
        yield { entity, field, writes: field.uses.filter((u) => u.side === 'target' && u.role === 'property') };
      }
    }
  }
}

/** `uses` grouped by `key`, groups and their members in first-seen order. */
export function groupBy(uses: readonly FieldUse[], key: (u: FieldUse) => string): Map<string, FieldUse[]> {
  const groups = new Map<string, FieldUse[]>();
  for (const u of uses) groups.set(key(u), [...(groups.get(key(u)) ?? []), u]);
  return groups;
}

/** A finding about `field`, at the row `u`. */
export function findingAt({ entity, field }: WrittenField, u: FieldUse, message: string): Omit<Finding, 'code' | 'severity'> {
  return { file: u.flow.spec.file, spec: u.flow.spec.pageId, entity: entity.pageId, field: field.key, line: u.line, column: columnOf(u.flow.spec, u.line), message };
}
