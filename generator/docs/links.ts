/** Where each page of the site is, and links between them (relative, so the site opens from file://). */
import type { CatalogFlow, EntityEntry, SystemEntry } from '../catalog/catalog.js';
import type { LoadedSpec } from '../catalog/load-specs.js';

export const specPath = (spec: LoadedSpec) => `specs/${spec.pageId}.html`;
export const sourcePath = (spec: LoadedSpec) => `source/${spec.pageId}.html`;
export const entityPath = (entity: EntityEntry) => `entities/${entity.pageId}.html`;
export const flowAnchor = (flow: CatalogFlow) => `flow-${flow.id}`;
export const flowPath = (flow: CatalogFlow) => `${specPath(flow.spec)}#${flowAnchor(flow)}`;
export const linePath = (spec: LoadedSpec, line: number) => `${sourcePath(spec)}#L${line}`;
export const systemAnchor = (system: SystemEntry) => `system-${system.key || 'none'}`;
export const systemPath = (system: SystemEntry) => `index.html#${systemAnchor(system)}`;

const anchors = new WeakMap<EntityEntry, Map<string, string>>();

/** `field-3`: fields are numbered in the entity's (sorted) order, since field keys are free text. */
export function fieldAnchor(entity: EntityEntry, key: string): string {
  let map = anchors.get(entity);
  if (!map) {
    map = new Map([...entity.fields.keys()].map((k, i) => [k, `field-${i + 1}`]));
    anchors.set(entity, map);
  }
  return map.get(key) ?? 'fields';
}

export const fieldPath = (entity: EntityEntry, key: string) => `${entityPath(entity)}#${fieldAnchor(entity, key)}`;

export function systemLabel(system: SystemEntry): string {
  return system.name || '(no system)';
}

export function entityLabel(entity: EntityEntry): string {
  return `${systemLabel(entity.system)} ${entity.entity}`;
}
