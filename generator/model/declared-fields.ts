/**
 * The config's `fields` for one spec, checked against the spec: each entity
 * must be one its flows read, each field one the spec does not map. The
 * result is what the flows whose source is that entity read beyond their rows
 * (`FlowDefinition.reads`), in a stable order.
 */
import { createHash } from 'node:crypto';
import type { Document, Flow, PropertyRef } from '../ir.js';
import type { ReadField, ReadFieldType } from '../../runtime/flow.js';
import { closestNames } from '../near-names.js';
import { rowLabel } from './flow-model.js';

/** What the config declares for one spec: entity label -> dot path -> type. */
export type SpecFields = Readonly<Record<string, Readonly<Record<string, ReadFieldType>>>>;

/** A declaration that does not fit the spec: the config keys below `fields.<slug>` it is at, and why. */
export class DeclaredFieldError extends Error {
  override readonly name = 'DeclaredFieldError';
  constructor(
    /** `[entity]` or `[entity, path]`. */
    readonly keys: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

function sorted<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * A key of the declaration that changes when and only when what it generates
 * changes ('' for none, so a spec without declarations keeps its cache): key
 * order in the config file does not count.
 */
export function declaredFieldsKey(fields: SpecFields | undefined): string {
  if (fields === undefined) return '';
  const entries = sorted(Object.keys(fields), (k) => k).flatMap((entity) =>
    sorted(Object.keys(fields[entity]!), (k) => k).map((path) => [entity, path, fields[entity]![path]!]),
  );
  if (entries.length === 0) return '';
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

/** The source paths a flow reads from its rows and merge criteria, each with the row that reads it. */
function mappedSourcePaths(flow: Flow): { path: readonly string[]; by: string }[] {
  const out: { path: readonly string[]; by: string }[] = [];
  const add = (ref: PropertyRef, by: string) => {
    for (const path of [ref.path, ...ref.conditions.map((c) => c.field)]) if (path.length > 0) out.push({ path, by });
  };
  for (const row of flow.properties) add(row.source, `row ${rowLabel({ sourceRaw: row.source.raw, targetRaw: row.target.raw })}`);
  for (const c of flow.mergeCriteria) add(c.source, `merge criterion ${c.source.raw} = ${c.target.raw}`);
  return out;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

/**
 * Per source entity label (`HubSpot Deal`), the fields its flows read beyond
 * their rows, sorted by path. Throws DeclaredFieldError for an entity no flow
 * reads, or a field the spec maps (or that contains or lies inside one it maps).
 */
export function readsOfSpec(document: Document, fields: SpecFields | undefined): Map<string, ReadField[]> {
  const result = new Map<string, ReadField[]>();
  if (fields === undefined) return result;
  const sources = [...new Set(document.flows.map((f) => f.source.label))];
  const targets = new Set(document.flows.flatMap((f) => [f.target.label, ...(f.connectedTo ?? []).map((s) => s.label)]));
  for (const entity of Object.keys(fields)) {
    if (!sources.includes(entity)) {
      const near = closestNames(entity, sources);
      const why = targets.has(entity)
        ? `no flow of this spec reads ${JSON.stringify(entity)} (its flows only write it, or name it in a "connected to" list; a predicate gets the flow's source record)`
        : `no flow of this spec reads an entity ${JSON.stringify(entity)}`;
      const hint = near.length > 0 ? `did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}? ` : '';
      throw new DeclaredFieldError([entity], `${why}; ${hint}the entities its flows read: ${sources.map((s) => JSON.stringify(s)).join(', ')}`);
    }
    const flows = document.flows.filter((f) => f.source.label === entity);
    const mapped = flows.flatMap((flow) => mappedSourcePaths(flow).map((m) => ({ ...m, flow: flow.title })));
    const reads: ReadField[] = [];
    for (const key of Object.keys(fields[entity]!)) {
      const path = key.split('.');
      const clash = mapped.find((m) => startsWith(m.path, path) || startsWith(path, m.path));
      if (clash !== undefined) {
        const where = `flow ${JSON.stringify(clash.flow)}, ${clash.by}`;
        const same = clash.path.length === path.length;
        throw new DeclaredFieldError(
          [entity, key],
          same
            ? `the spec maps ${key} already (${where}): it is fetched without a declaration, and its type is the spec's; remove this one`
            : `${key} and ${clash.path.join('.')}, which the spec maps (${where}), cannot both be fields: one lies inside the other`,
        );
      }
      reads.push({ path, type: fields[entity]![key]! });
    }
    result.set(entity, sorted(reads, (r) => r.path.join('\u0000')));
  }
  return result;
}

/** A declaration that fits the spec but likely not the records: the keys below `fields.<slug>` and why. */
export interface DeclaredFieldWarning {
  keys: readonly string[];
  message: string;
}

/**
 * Declared fields outside the one container every path the spec reads from
 * that entity is in (`hs_deal_stage_probability` where the spec only reads
 * `properties.*`, as for every HubSpot object): most likely the container was
 * left out, and the predicate would never see a value.
 */
export function declaredFieldWarnings(document: Document, fields: SpecFields | undefined): DeclaredFieldWarning[] {
  const warnings: DeclaredFieldWarning[] = [];
  if (fields === undefined) return warnings;
  for (const entity of Object.keys(fields)) {
    const mapped = document.flows.filter((f) => f.source.label === entity).flatMap((f) => mappedSourcePaths(f).map((m) => m.path));
    const heads = new Set(mapped.map((p) => (p.length > 1 ? p[0]! : '')));
    const [head] = heads;
    if (heads.size !== 1 || head === undefined || head === '') continue;
    for (const key of Object.keys(fields[entity]!)) {
      const first = key.split('.')[0];
      if (first === head || first === 'id') continue;
      const examples = [...new Set(mapped.map((p) => p.join('.')))].sort().slice(0, 3).join(', ');
      warnings.push({
        keys: [entity, key],
        message: `every field the spec reads from ${entity} is under "${head}." (${examples}), this one is not: did you mean "${head}.${key}"? A field the system does not send at this path is absent for the predicate`,
      });
    }
  }
  return warnings;
}
