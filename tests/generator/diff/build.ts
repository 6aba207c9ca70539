/** Builders for hand-made IR documents, so the diff engine's tests read as the spec text they stand for. */
import type { ExtractContext } from '../../../generator/extract/context.js';
import { connectedSides } from '../../../generator/extract/connected-to.js';
import type { DataType, DataTypeKind, Document, Flow, PropertyRef } from '../../../generator/ir.js';

export function ref(raw: string): PropertyRef {
  const at = raw.indexOf(' (Dependant on having ');
  const path = (at < 0 ? raw : raw.slice(0, at)).split('.');
  const conditions = [...raw.matchAll(/Dependant on having (.*?) in ([^)D]*)/g)].map((m) => ({
    value: m[1]!,
    field: m[2]!.trim() === '' ? [] : m[2]!.trim().split('.'),
  }));
  return { raw, path, conditions };
}

export function type(raw: string): DataType {
  const plain = raw.replace(/"/g, '');
  const kinds: DataTypeKind[] = ['string', 'integer', 'float', 'decimal', 'boolean', 'list'];
  if (raw === 'N/A') return { raw, kind: 'any' };
  if (kinds.includes(plain as DataTypeKind)) return { raw, kind: plain as DataTypeKind };
  const datetime = /^"datetime-format","([^"]*)"/.exec(raw);
  if (datetime) return { raw, kind: 'datetime', format: datetime[1]! };
  return { raw, kind: 'expression' };
}

export interface FlowInput {
  requiresLink?: boolean;
  trigger?: string | null;
  create?: string[] | null;
  merge?: [string, string][];
  rows?: [string, string, string][];
}

/** A flow between `<system> <entity>` labels; `line` and row lines are made up but distinct. */
export function flow(systems: [string, string], entities: [string, string], input: FlowInput = {}, line = 10): Flow {
  const label = (system: string, entity: string) => (system ? `${system} ${entity}` : ` ${entity}`).trimStart();
  const source = { label: label(systems[0], entities[0]), system: systems[0], entity: entities[0] };
  const target = { label: label(systems[1], entities[1]), system: systems[1], entity: entities[1] };
  return {
    title: `${source.label} to ${target.label}`,
    line,
    source,
    target,
    requiresLink: input.requiresLink ?? false,
    trigger: input.trigger ?? null,
    ...connected(input.create ?? null, source.label, systems),
    sentenceLines: {},
    mergeCriteria: (input.merge ?? []).map(([s, t], k) => ({ source: ref(s), target: ref(t), line: line + 5 + k })),
    properties: (input.rows ?? []).map(([s, t, ty], k) => ({ source: ref(s), target: ref(t), type: type(ty), line: line + 10 + 3 * k })),
  };
}

/** The list as the parser reads it: `items` as written in the sentence, the system completed on each. */
function connected(items: string[] | null, sourceLabel: string, systems: [string, string]): Pick<Flow, 'createWhenConnectedTo' | 'connectedTo'> {
  if (items === null) return { createWhenConnectedTo: null, connectedTo: null };
  const ctx = { sourceSystem: systems[0], targetSystem: systems[1], sourceHint: '', targetHint: '', report: () => {} } as unknown as ExtractContext;
  const sides = connectedSides(items, sourceLabel, ctx, { line: 1, column: 1 });
  return { createWhenConnectedTo: sides.map((side) => side.label), connectedTo: sides };
}

export function doc(file: string, systems: [string, string], flows: Flow[]): Document {
  return {
    file,
    title: `${systems[0]} to ${systems[1]} Dataflow`,
    sourceSystem: systems[0],
    targetSystem: systems[1],
    generatedAt: null,
    flows,
    diagnostics: [],
  };
}
