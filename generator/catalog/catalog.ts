/**
 * The catalog: what a set of specs says about each system and entity, across
 * documents. Systems are grouped by a spelling-blind key (`SuperOffice` and
 * `Superoffice` are one system, shown by its commonest spelling), entities by
 * that key plus the entity name, fields by their dot path and conditions.
 */
import type { DataType, Flow, PropertyRef } from '../ir.js';
import { createFlowIdentities } from '../model/spec-model.js';
import type { LoadedSpec } from './load-specs.js';
import { uniqueId } from './load-specs.js';

export interface CatalogFlow {
  spec: LoadedSpec;
  flow: Flow;
  /** The flow id `generate` gives it (kebab-case of the title, `-2` for a repeat). */
  id: string;
  source: EntityEntry;
  target: EntityEntry;
}

export interface FieldUse {
  flow: CatalogFlow;
  side: 'source' | 'target';
  /** A property row or a merge criterion row. */
  role: 'property' | 'merge';
  ref: PropertyRef;
  /** The row's data type (it types the target side). */
  type: DataType | null;
  /** The other side of the row. */
  other: PropertyRef;
  line: number;
}

export interface FieldEntry {
  /** `phone_numbers.number (Dependant on having wd:Q17517 in phone_numbers.name)`. */
  key: string;
  uses: FieldUse[];
}

export interface EntityEntry {
  system: SystemEntry;
  entity: string;
  pageId: string;
  fields: Map<string, FieldEntry>;
  /** Flows reading from it / writing to it, in spec order. */
  asSource: CatalogFlow[];
  asTarget: CatalogFlow[];
}

export interface SystemEntry {
  /** Lower-case letters and digits of the name; "" for an empty name. */
  key: string;
  /** The commonest spelling (ties: first in sort order). */
  name: string;
  /** Each spelling with the specs that use it. */
  spellings: Map<string, LoadedSpec[]>;
  entities: Map<string, EntityEntry>;
}

export interface Catalog {
  specs: LoadedSpec[];
  flows: CatalogFlow[];
  /** Flows of each spec, by spec page id. */
  flowsBySpec: Map<string, CatalogFlow[]>;
  systems: Map<string, SystemEntry>;
}

/** Spelling-blind system key: `SuperOffice`, `Superoffice` and `Super Office` are one system. */
export function systemKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A property cell in a normal form: dot path plus conditions, whatever the spacing. */
export function refKey(ref: PropertyRef): string {
  return ref.path.join('.') + ref.conditions.map((c) => ` (Dependant on having ${c.value} in ${c.field.join('.')})`).join('');
}

export function createCatalog(specs: readonly LoadedSpec[]): Catalog {
  const systems = new Map<string, SystemEntry>();
  const entityIds = new Set<string>();
  const flows: CatalogFlow[] = [];
  const flowsBySpec = new Map<string, CatalogFlow[]>();
  const sorted = [...specs].sort((a, b) => compare(a.relativePath, b.relativePath));

  const systemOf = (name: string, spec: LoadedSpec): SystemEntry => {
    const key = systemKey(name);
    let system = systems.get(key);
    if (!system) systems.set(key, (system = { key, name, spellings: new Map(), entities: new Map() }));
    const users = system.spellings.get(name) ?? [];
    if (!users.includes(spec)) users.push(spec);
    system.spellings.set(name, users);
    return system;
  };
  const entityOf = (system: SystemEntry, entity: string): EntityEntry => {
    const name = entity.trim();
    let found = system.entities.get(name);
    if (!found) {
      // Ids are made once every entity is known (below), so they do not depend on spec order.
      found = { system, entity: name, pageId: '', fields: new Map(), asSource: [], asTarget: [] };
      system.entities.set(name, found);
    }
    return found;
  };

  for (const spec of sorted) {
    const { document } = spec;
    systemOf(document.sourceSystem, spec);
    systemOf(document.targetSystem, spec);
    const identities = createFlowIdentities(document);
    const specFlows: CatalogFlow[] = [];
    document.flows.forEach((flow, i) => {
      const source = entityOf(systemOf(flow.source.system, spec), flow.source.entity);
      const target = entityOf(systemOf(flow.target.system, spec), flow.target.entity);
      const entry: CatalogFlow = { spec, flow, id: identities[i]!.id, source, target };
      specFlows.push(entry);
      flows.push(entry);
      source.asSource.push(entry);
      target.asTarget.push(entry);
      for (const row of flow.properties) {
        use(source, { flow: entry, side: 'source', role: 'property', ref: row.source, type: row.type, other: row.target, line: row.line });
        use(target, { flow: entry, side: 'target', role: 'property', ref: row.target, type: row.type, other: row.source, line: row.line });
      }
      for (const criterion of flow.mergeCriteria) {
        use(source, { flow: entry, side: 'source', role: 'merge', ref: criterion.source, type: null, other: criterion.target, line: criterion.line });
        use(target, { flow: entry, side: 'target', role: 'merge', ref: criterion.target, type: null, other: criterion.source, line: criterion.line });
      }
    });
    flowsBySpec.set(spec.pageId, specFlows);
  }

  for (const system of systems.values()) system.name = commonest(system.spellings);
  const orderedSystems = new Map([...systems.entries()].sort((a, b) => compare(a[1].name, b[1].name)));
  for (const system of orderedSystems.values()) {
    system.entities = new Map([...system.entities.entries()].sort((a, b) => compare(a[0], b[0])));
    for (const entity of system.entities.values()) {
      entity.pageId = uniqueId(`${system.name || 'no-system'} ${entity.entity}`, entityIds);
      entity.fields = new Map([...entity.fields.entries()].sort((a, b) => compare(a[0], b[0])));
    }
  }
  return { specs: sorted, flows, flowsBySpec, systems: orderedSystems };
}

function use(entity: EntityEntry, fieldUse: FieldUse): void {
  const key = refKey(fieldUse.ref);
  let field = entity.fields.get(key);
  if (!field) entity.fields.set(key, (field = { key, uses: [] }));
  field.uses.push(fieldUse);
}

function commonest(spellings: Map<string, LoadedSpec[]>): string {
  let best = '';
  let count = -1;
  for (const [name, specs] of [...spellings.entries()].sort((a, b) => compare(a[0], b[0]))) {
    if (specs.length > count) {
      best = name;
      count = specs.length;
    }
  }
  return best;
}

/** Code-unit order: the same on every machine and locale, so output is deterministic. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The type of a row in a form two rows can be compared by; null where the type says nothing definite. */
export function typeSignature(type: DataType | null): string | null {
  if (!type) return null;
  if (type.kind === 'any' || type.kind === 'expression') return null;
  if (type.kind === 'datetime') return type.format ? `datetime ${type.format}` : 'datetime';
  return type.kind;
}
