/**
 * Test cases for a flow's generated test file: sample records per property
 * row, conversion errors, conditions and merge keys, with expectations
 * computed by running the plan through the runtime at generation time.
 */
import { mergeKey, mergeKeyKind, type MergeKeyKind } from '../../runtime/merge-key.js';
import { ConversionError } from '../../runtime/convert.js';
import { readPath, writePath } from '../../runtime/paths.js';
import type { AnyRecord, PathSpec, TypeKind } from '../../runtime/flow.js';
import type { MergeCriterion } from '../ir.js';
import { pathSpecOf, placeKey, type MappingPlan, type PlannedRow } from './mapping-plan.js';
import { simulateToSource, simulateToTarget } from './simulate.js';

export interface RoundTripCase {
  row: PlannedRow;
  input: AnyRecord;
  target: AnyRecord;
  source: AnyRecord;
}

export interface ErrorCase {
  row: PlannedRow;
  input: AnyRecord;
}

export interface ConditionCase {
  row: PlannedRow;
  input: AnyRecord;
  target: AnyRecord;
}

export interface MergeKeyCase {
  index: number;
  /** The criterion as the flow's `mergeKeys` label it: `source = target`. */
  label: string;
  source: AnyRecord;
  target: AnyRecord;
  key: string;
}

/** A sample's tag: the row's source path, so a row added elsewhere changes no other row's samples. */
function tag(row: PlannedRow): string {
  return row.source.path.join('.');
}

/** A value of each data type as a source system would send it (strings where conversion has work to do). */
const SAMPLES: Record<TypeKind, (row: PlannedRow) => unknown> = {
  string: (row) => `Sample ${tag(row)}`,
  integer: () => '42',
  float: () => '2.5',
  decimal: () => '19.90',
  boolean: () => 'true',
  list: (row) => `Item ${tag(row)}`,
  datetime: (row) => (row.type.format === undefined ? '2024-03-05' : '2024-03-05T10:20:30Z'),
  any: (row) => `Sample ${tag(row)}`,
  expression: (row) => `Sample ${tag(row)}`,
};

/** Values every converter accepts, for a source that also feeds rows of other types. */
const FALLBACKS: unknown[] = ['1', 1, true];

const BAD: Partial<Record<TypeKind, string>> = {
  integer: 'not a number',
  float: 'not a number',
  decimal: 'not a number',
  boolean: 'maybe',
  datetime: 'not a date',
};

function recordWith(spec: PathSpec, value: unknown): AnyRecord {
  const record: AnyRecord = {};
  writePath(record, spec, value);
  return record;
}

function tryTarget(plan: MappingPlan, input: AnyRecord): AnyRecord | undefined {
  try {
    return simulateToTarget(plan, input);
  } catch (error) {
    if (error instanceof ConversionError) return undefined;
    throw error;
  }
}

export function createRoundTripCases(plan: MappingPlan): RoundTripCase[] {
  const cases: RoundTripCase[] = [];
  for (const row of plan.rows) {
    if (!row.mapped) continue;
    for (const sample of [SAMPLES[row.type.kind](row), ...FALLBACKS]) {
      const input = recordWith(row.source, sample);
      const target = tryTarget(plan, input);
      if (target === undefined) continue;
      cases.push({ row, input, target, source: simulateToSource(plan, target) });
      break;
    }
  }
  return cases;
}

/** The first row of each convertible type whose bad value really fails (one per type keeps tests short). */
export function createErrorCases(plan: MappingPlan): ErrorCase[] {
  const seen = new Set<TypeKind>();
  const cases: ErrorCase[] = [];
  for (const row of plan.rows) {
    const bad = BAD[row.type.kind];
    if (!row.mapped || bad === undefined || seen.has(row.type.kind)) continue;
    if (row.type.kind === 'datetime' && row.type.format === undefined) continue;
    const input = recordWith(row.source, bad);
    if (tryTarget(plan, input) !== undefined) continue;
    seen.add(row.type.kind);
    cases.push({ row, input });
  }
  return cases;
}

/** For rows whose source condition picks a list element: an element that does not match is ignored. */
export function createConditionCases(plan: MappingPlan, roundTrips: readonly RoundTripCase[]): ConditionCase[] {
  const cases: ConditionCase[] = [];
  for (const trip of roundTrips) {
    const { row } = trip;
    if (!row.source.conditions.some((c) => c.field.length > 0)) continue;
    const other: PathSpec = {
      path: row.source.path,
      conditions: row.source.conditions.map((c) => ({ field: c.field, value: c.value === '' ? 'other' : `${c.value}-other` })),
    };
    const sample = readPath(trip.input, row.source);
    const input = recordWith(other, sample);
    const target = tryTarget(plan, input);
    if (target === undefined || JSON.stringify(target) === JSON.stringify(trip.target)) continue;
    cases.push({ row, input, target });
  }
  return cases;
}

/** The key generated merge keys compute (runtime `mergeKey`, normalised per kind). */
export function mergeKeyOf(kind: MergeKeyKind, value: unknown): string | undefined {
  return mergeKey(kind, value);
}

/** A value of a kind as one system writes it, and as the other does: the generated test shows they are one key. */
const KIND_SAMPLES: Record<Exclude<MergeKeyKind, 'text'>, (index: number) => [string, string]> = {
  email: (i) => [` Key-${i}@Example.com`, `key-${i}@example.com`],
  phone: (i) => [`+47 900 00 ${String(i).padStart(3, '0')}`, `+4790000${String(i).padStart(3, '0')}`],
  'org-number': (i) => [`NO 987 654 ${String(i).padStart(3, '0')} MVA`, `987654${String(i).padStart(3, '0')}`],
  gtin: (i) => [`0703801005${String(i).padStart(4, '0')}`, `703801005${String(i).padStart(4, '0')}`],
};

/** A key value the target field's type (from the property rows) can hold. */
function keySample(plan: MappingPlan, target: PathSpec): unknown {
  const kinds = plan.rows.filter((r) => placeKey(r.target) === placeKey(target)).map((r) => r.type.kind);
  if (kinds.some((k) => k === 'integer' || k === 'float')) return 1001;
  if (kinds.includes('boolean')) return true;
  const key = `key ${target.path.join('.')}`;
  return kinds.includes('list') ? [key] : key;
}

export function createMergeKeyCases(plan: MappingPlan, criteria: readonly MergeCriterion[]): MergeKeyCase[] {
  const cases: MergeKeyCase[] = [];
  criteria.forEach((criterion, i) => {
    const sourceSpec = pathSpecOf(criterion.source);
    const targetSpec = pathSpecOf(criterion.target);
    if (sourceSpec.path.length === 0 || targetSpec.path.length === 0) return;
    const kind = mergeKeyKind(sourceSpec.path, targetSpec.path);
    const value = keySample(plan, targetSpec);
    const [sourceValue, targetValue] = kind !== 'text' && typeof value === 'string' ? KIND_SAMPLES[kind](i + 1) : [value, value];
    const source = recordWith(sourceSpec, sourceValue);
    const target = recordWith(targetSpec, targetValue);
    let key: string | undefined;
    try {
      key = mergeKeyOf(kind, readPath(source, sourceSpec));
      if (key === undefined || mergeKeyOf(kind, readPath(target, targetSpec)) !== key) return;
    } catch {
      return; // a list has no string key; the generated key function throws the same way
    }
    cases.push({ index: i, label: `${criterion.source.raw} = ${criterion.target.raw}`, source, target, key });
  });
  return cases;
}
