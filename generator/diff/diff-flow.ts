/** Compares two matched versions of one flow: label, rules, merge criteria and property rows. */
import type { DataType, Flow, MergeCriterion, PropertyMapping } from '../ir.js';
import { entitySlug } from '../../runtime/slug.js';
import type { Change, ChangeKind, FlowRef, JsonValue } from './change.js';
import { classify, type RuleId } from './classify.js';
import { bareEntity, type SideSystems } from './entity-name.js';
import { compareScopes, connectedNames, creationScope } from './creation-scope.js';
import { matchByKey, rowKey, sameType, squash } from './row-key.js';

export function flowRef(flow: Flow, index: number): FlowRef {
  return { title: flow.title, line: flow.line, index };
}

interface ChangeInput {
  kind: ChangeKind;
  rule: RuleId;
  message: string;
  oldLine: number | null;
  newLine: number | null;
  before: JsonValue;
  after: JsonValue;
  /** For a change to a property row or merge criterion: the row as `source -> target`, cells as written. */
  row?: string;
}

/** How a row is named in a report and in the config's `diff.accept`: `source -> target`, each cell as written. */
export function rowName(row: PropertyMapping | MergeCriterion): string {
  return `${row.source.raw} -> ${row.target.raw}`;
}

export function createChange(flow: Change['flow'], input: ChangeInput): Change {
  const { rule, severity, reason } = classify(input.rule);
  return {
    kind: input.kind,
    rule,
    severity,
    reason,
    message: input.message,
    flow,
    oldLine: input.oldLine,
    newLine: input.newLine,
    before: input.before,
    after: input.after,
    ...(input.row !== undefined ? { row: input.row } : {}),
  };
}

export function describeRow(row: PropertyMapping): string {
  return `${row.source.raw} -> ${row.target.raw} (${row.type.raw})`;
}

export function rowJson(row: PropertyMapping): JsonValue {
  return { source: row.source.raw, target: row.target.raw, type: row.type.raw };
}

function typeJson(type: DataType): JsonValue {
  return type.format === undefined ? { raw: type.raw, kind: type.kind } : { raw: type.raw, kind: type.kind, format: type.format };
}

function criterionJson(row: MergeCriterion): JsonValue {
  return { source: row.source.raw, target: row.target.raw };
}

/** Only integer to float keeps every value as it was (both are JS numbers); see classify.ts. */
function typeRule(before: DataType, after: DataType): RuleId {
  return before.kind === 'integer' && after.kind === 'float' ? 'type-widened' : 'type-changed';
}

/**
 * Which rename rule a label change falls under, or null for none. A change the
 * document's system rename already explains (same entity, other system) is not repeated per flow.
 */
function renameRule(before: Flow, after: Flow, context: FlowContext): RuleId | null {
  let changed = false;
  let slugChanged = false;
  for (const side of ['source', 'target'] as const) {
    const o = bareEntity(before[side], context.systems[side]);
    const n = bareEntity(after[side], context.systems[side]);
    if (o === n) continue;
    changed = true;
    if (entitySlug(o) !== entitySlug(n)) slugChanged = true;
  }
  if (slugChanged) return 'flow-renamed-entity';
  if (changed) return 'flow-renamed-spelling';
  const labelsChanged = squash(before.source.label) !== squash(after.source.label) || squash(before.target.label) !== squash(after.target.label);
  return labelsChanged && !context.systemRenamed ? 'flow-renamed-spelling' : null;
}

/** What a flow comparison needs to know about the two documents around it. */
export interface FlowContext {
  systems: SideSystems;
  /** The document title's system names changed (reported once, at the document). */
  systemRenamed: boolean;
}

export function diffFlow(before: Flow, oldIndex: number, after: Flow, newIndex: number, context: FlowContext): Change[] {
  const flow = { old: flowRef(before, oldIndex), new: flowRef(after, newIndex) };
  const changes: Change[] = [];
  const add = (input: ChangeInput) => changes.push(createChange(flow, input));
  const atFlow = { oldLine: before.line, newLine: after.line };

  const rename = renameRule(before, after, context);
  if (rename) {
    add({
      kind: 'flow-renamed',
      rule: rename,
      message: `flow renamed: "${before.title}" -> "${after.title}"`,
      ...atFlow,
      before: { source: before.source.label, target: before.target.label },
      after: { source: after.source.label, target: after.target.label },
    });
  }

  if (before.requiresLink !== after.requiresLink) {
    add({
      kind: 'link-rule-changed',
      rule: after.requiresLink ? 'link-required' : 'link-dropped',
      message: after.requiresLink ? 'a link is now required before anything syncs' : 'a link is no longer required before syncing',
      ...atFlow,
      before: before.requiresLink,
      after: after.requiresLink,
    });
  }

  const oldNames = connectedNames(before);
  const newNames = connectedNames(after);
  const listChanged =
    (before.createWhenConnectedTo === null) !== (after.createWhenConnectedTo === null) ||
    oldNames.size !== newNames.size ||
    [...oldNames].some((n) => !newNames.has(n));
  if (listChanged) {
    const scope = compareScopes(creationScope(before), creationScope(after));
    const list = (names: string[] | null) => (names === null ? 'no connection rule' : `created only when connected to ${names.join(', ')}`);
    add({
      kind: 'creation-rule-changed',
      rule: scope === 'wider' ? 'creation-widened' : scope === 'narrower' ? 'creation-narrowed' : 'creation-changed',
      message: `creation rule: ${list(before.createWhenConnectedTo)} -> ${list(after.createWhenConnectedTo)}`,
      ...atFlow,
      before: before.createWhenConnectedTo,
      after: after.createWhenConnectedTo,
    });
  }

  const oldTrigger = before.trigger === null ? null : squash(before.trigger);
  const newTrigger = after.trigger === null ? null : squash(after.trigger);
  if (oldTrigger !== newTrigger) {
    add({
      kind: 'trigger-changed',
      rule: oldTrigger === null ? 'trigger-added' : newTrigger === null ? 'trigger-removed' : 'trigger-changed',
      message:
        oldTrigger === null
          ? `trigger added: "${newTrigger}"`
          : newTrigger === null
            ? `trigger removed: "${oldTrigger}"`
            : `trigger changed: "${oldTrigger}" -> "${newTrigger}"`,
      ...atFlow,
      before: before.trigger,
      after: after.trigger,
    });
  }

  const merge = matchByKey(before.mergeCriteria, after.mergeCriteria, rowKey);
  for (const i of merge.removed) {
    const row = before.mergeCriteria[i]!;
    add({
      kind: 'merge-criterion-removed',
      rule: 'merge-criterion-removed',
      message: `merge criterion removed: ${row.source.raw} = ${row.target.raw}`,
      ...atFlow,
      before: criterionJson(row),
      after: null,
      row: rowName(row),
    });
  }
  for (const j of merge.added) {
    const row = after.mergeCriteria[j]!;
    add({
      kind: 'merge-criterion-added',
      rule: 'merge-criterion-added',
      message: `merge criterion added: ${row.source.raw} = ${row.target.raw}`,
      ...atFlow,
      before: null,
      after: criterionJson(row),
      row: rowName(row),
    });
  }

  const rows = matchByKey(before.properties, after.properties, rowKey);
  const rowChanges: Change[] = [];
  for (const i of rows.removed) {
    const row = before.properties[i]!;
    rowChanges.push(
      createChange(flow, {
        kind: 'property-removed',
        rule: 'property-removed',
        message: `property removed: ${describeRow(row)}`,
        oldLine: row.line,
        newLine: null,
        before: rowJson(row),
        after: null,
        row: rowName(row),
      }),
    );
  }
  for (const [i, j] of rows.pairs) {
    const o = before.properties[i]!;
    const n = after.properties[j]!;
    if (sameType(o.type, n.type)) continue;
    rowChanges.push(
      createChange(flow, {
        kind: 'type-changed',
        rule: typeRule(o.type, n.type),
        message: `type changed: ${n.source.raw} -> ${n.target.raw}: ${o.type.raw} -> ${n.type.raw}`,
        oldLine: o.line,
        newLine: n.line,
        before: typeJson(o.type),
        after: typeJson(n.type),
        row: rowName(n),
      }),
    );
  }
  for (const j of rows.added) {
    const row = after.properties[j]!;
    rowChanges.push(
      createChange(flow, {
        kind: 'property-added',
        rule: 'property-added',
        message: `property added: ${describeRow(row)}`,
        oldLine: null,
        newLine: row.line,
        before: null,
        after: rowJson(row),
        row: rowName(row),
      }),
    );
  }
  // Order: removed rows (old table order), changed types, then added rows (new table order).
  for (const change of rowChanges) changes.push(change);
  return changes;
}
