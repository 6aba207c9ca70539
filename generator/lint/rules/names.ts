/** How lint messages name entities and systems. */
import type { EntityEntry } from '../../catalog/catalog.js';

export function entityName(entity: EntityEntry): string {
  return `${entity.system.name || '(no system)'} ${entity.entity}`.trim();
}
