/**
 * The search index: one entry per spec, flow, system, entity and field, as
 * `[kind, label, detail, url]`, written as a script that sets a global (a page
 * opened from file:// may not fetch a JSON file, but may load a script).
 */
import type { Catalog } from '../catalog/catalog.js';
import { plural } from '../../runtime/plural.js';
import { scriptJson } from './html.js';
import { entityLabel, entityPath, fieldPath, flowPath, specPath, systemLabel, systemPath } from './links.js';

export type SearchEntry = [kind: 's' | 'f' | 'y' | 'e' | 'd', label: string, detail: string, url: string];

export function createSearchIndex(catalog: Catalog): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const spec of catalog.specs) {
    entries.push(['s', spec.relativePath, spec.document.title, specPath(spec)]);
  }
  for (const f of catalog.flows) {
    entries.push(['f', f.flow.title, `${f.spec.relativePath} · ${plural(f.flow.properties.length, 'row')}`, flowPath(f)]);
  }
  for (const system of catalog.systems.values()) {
    const spellings = [...system.spellings.keys()].filter((n) => n !== system.name);
    entries.push(['y', systemLabel(system), `${plural(system.entities.size, 'entity', 'entities')}${spellings.length ? ` · also ${spellings.join(', ')}` : ''}`, systemPath(system)]);
    for (const entity of system.entities.values()) {
      entries.push(['e', entityLabel(entity), plural(entity.fields.size, 'field'), entityPath(entity)]);
      for (const field of entity.fields.values()) {
        const types = [...new Set(field.uses.filter((u) => u.type && u.side === 'target').map((u) => u.type!.raw))];
        entries.push(['d', field.key, `${entityLabel(entity)}${types.length ? ` · ${types.join(', ')}` : ''}`, fieldPath(entity, field.key)]);
      }
    }
  }
  return entries;
}

export function searchIndexScript(entries: readonly SearchEntry[]): string {
  return `// dataflow docs search index: [kind, label, detail, url]; kinds s spec, f flow, y system, e entity, d field.\nwindow.DATAFLOW_SEARCH = ${scriptJson(entries)};\n`;
}
