/**
 * The view model of one flow module and its test file: every name, literal and
 * comment already computed and escaped, so the templates only lay them out.
 */
import type { Flow } from '../ir.js';
import { camelIdentifier, commentText, createNamer, pascalIdentifier, stringLiteral, valueLiteral } from '../naming.js';
import { createLinkRules, needsPredicate, type LinkRulesData } from './link-rules.js';
import { createMappingPlan, pathSpecOf, type PlannedRow } from './mapping-plan.js';
import { converterOf, createRowNamer, runtimeImportsOf, sourceStatement, targetStatement } from './flow-code.js';
import { mergeKeyKind } from '../../runtime/merge-key.js';
import { backFunction, valueFunction } from '../dtl/row.js';
import { simulateToTarget, whereOf } from './simulate.js';
import { documentedCases } from './dtl-cases.js';
import { ConversionError } from '../../runtime/convert.js';
import { writePath } from '../../runtime/paths.js';
import type { AnyRecord, PathSpec, ReadField } from '../../runtime/flow.js';
import { placeKey, type MappingPlan } from './mapping-plan.js';
import type { RowNamer } from './flow-code.js';
import { createShape, readFieldTsType, targetTypeOf, WEAK_UNKNOWN, type FieldView } from './shape.js';
import {
  createConditionCases,
  createErrorCases,
  createMergeKeyCases,
  createRoundTripCases,
} from './samples.js';

/** Names every flow module imports or declares itself; spec text never takes them. */
export const MODULE_NAMES = [
  'FlowDefinition',
  'PropertyBinding',
  'MergeKey',
  'AnyRecord',
  'PathSpec',
  'CreationPredicate',
  'toTarget',
  'toSource',
  'record',
  'target',
  'source',
  'asString',
  'asInteger',
  'asFloat',
  'asDecimal',
  'asBoolean',
  'asList',
  'asDatetime',
  'readPath',
  'writePath',
  'notWritten',
  'ConversionError',
  'describe',
  'expect',
  'it',
  'flows',
  'spec',
  'typed',
  'dtl',
];

export interface FlowIdentity {
  id: string;
  /** File stem of the module (`<stem>.ts`, `<stem>.test.ts`). */
  stem: string;
  constName: string;
  /** Export name of the creation predicate in the user's predicates file, when the flow needs one. */
  predicateName: string | null;
}

export interface RowView {
  name: string;
  comment: string;
  source: string;
  target: string;
  type: string;
  /** `const <row>Datetime = asDatetime(...)`, for datetime rows with a format. */
  datetime: string | null;
  /** `oneWay: true,` for an expression row with no way back, else null. */
  oneWay: string | null;
  /** The functions of an expression row (its value, and its way back), as lines. */
  functions: { comment: string; lines: string[] }[];
}

export interface StatementView {
  comment: string;
  lines: string[];
}

export interface CriterionView {
  name: string;
  comment: string;
  label: string;
  source: string;
  target: string;
  sourceKey: string;
  targetKey: string;
  /** False when neither side has a path: both keys are then constant and the paths are not emitted. */
  used: boolean;
}

export interface TestView {
  title: string;
  lines: string[];
}

export interface FlowView {
  id: string;
  idLiteral: string;
  stem: string;
  constName: string;
  titleComment: string;
  titleLiteral: string;
  /** `specs/x.rst, flow "Title"`: where the flow is, without a line number that moves with every edit above it. */
  specRef: string;
  notes: string[];
  sourceType: string;
  targetType: string;
  sourceComment: string;
  targetComment: string;
  sourceFields: FieldView[];
  targetFields: FieldView[];
  sourceSystem: string;
  sourceEntity: string;
  targetSystem: string;
  targetEntity: string;
  runtimeImports: string;
  typeImports: string;
  rows: RowView[];
  unmappedRows: string[];
  criteria: CriterionView[];
  toTarget: StatementView[];
  toSource: StatementView[];
  rules: string[];
  /** `FlowDefinition.reads` as a literal: the fields the config declares for the predicate; null when none. */
  reads: string | null;
  predicate: { name: string; fileLiteral: string; nameLiteral: string; moduleLiteral: string } | null;
  tests: TestView[];
  /** The test file's local aliases of the record types (`type Source = ...`), only those its tests use (noUnusedLocals). */
  testTypes: string[];
  /** Whether this flow's tests use `ConversionError`. */
  testsUseConversionError: boolean;
  /** The expression rows' tests read a row's own target (and source) with `readPath`. */
  testsUseReadPath: boolean;
  /** `record`, or `_record` for a mapper with no rows (its parameter is then unused). */
  toTargetParam: string;
  toSourceParam: string;
}

/** A row as the spec writes it: its cells, which find it in the spec wherever it moves. */
export function rowLabel(row: Pick<PlannedRow, 'sourceRaw' | 'targetRaw'>): string {
  return `${row.sourceRaw || '(empty)'} -> ${row.targetRaw || '(empty)'}`;
}

function expressionFunctions(row: PlannedRow, names: RowNamer, readBack: boolean): RowView['functions'] {
  const e = row.expression!;
  const out: RowView['functions'] = [
    {
      comment: commentText(`The DTL expression of row ${rowLabel(row)}, read as ${e.text}.`),
      lines: valueFunction(names(row).value, e, row.type.raw, whereOf(row)),
    },
  ];
  const back = readBack ? backFunction(names(row).back, e, row.type.raw, whereOf(row)) : null;
  const why =
    e.reverse.kind === 'default'
      ? `${JSON.stringify(e.reverse.literal)} goes back as null, the absence it stands for; other values as they are.`
      : e.reverse.kind === 'parse'
        ? 'the target text is parsed back with the same format (an ISO 8601 UTC string).'
        : 'the target datetime is formatted back with the same format.';
  if (back) out.push({ comment: commentText(`The way back of row ${rowLabel(row)}: ${why}`), lines: back });
  return out;
}

function rowComment(row: PlannedRow): string {
  return commentText(`Row ${rowLabel(row)}, ${row.type.raw || '(no type)'}.`);
}

/** Where a flow is: spec file and title (unique ids are per title). */
export function flowRef(specFile: string, title: string): string {
  return `${specFile}, flow ${JSON.stringify(title)}`;
}

function rulesLiteral(rules: LinkRulesData, predicate: string | null, specFile: string): string[] {
  const lines = [
    `creation: ${stringLiteral(rules.creation)},`,
    `requiresLink: ${rules.requiresLink},`,
    `mergesExisting: ${rules.mergesExisting},`,
    `keepsInSync: ${rules.keepsInSync},`,
    `trigger: ${valueLiteral(rules.trigger)},`,
    `createWhenConnectedTo: ${valueLiteral(rules.createWhenConnectedTo)},`,
  ];
  // Only where there is a list: flows without one stay as they were before the field existed.
  if (rules.connectedTo !== null) lines.push(`connectedTo: ${valueLiteral(rules.connectedTo)},`);
  if (predicate !== null)
    lines.push(`predicate: { name: ${stringLiteral(predicate)}, file: ${stringLiteral(specFile)}, test: ${predicate} },`);
  return lines;
}

function creationNote(rules: LinkRulesData, predicatesFile: string): string {
  switch (rules.creation) {
    case 'always':
      return 'Creates a target for every source record that has no link.';
    case 'when-no-match':
      return 'Links to a matching target by the merge keys; creates one when none matches.';
    case 'never':
      return 'Never creates: only records linked (or matched by the merge keys) sync.';
    case 'when-connected':
      return `Creates a target only when the predicate in ${predicatesFile} says the record is connected to ${rules.createWhenConnectedTo!.join(', ')}.`;
    case 'when-triggered':
      return `Creates a target only when the predicate in ${predicatesFile} says: ${rules.trigger}.`;
  }
}

/** Where a flow's creation predicate lives: the user's file, outside the output folder. */
export interface PredicatesLocation {
  /** As the sync report and comments name it, relative to the project root (`predicates/hubspot-tripletex.ts`). */
  file: string;
  /** The import specifier from the spec's output folder (`../../predicates/hubspot-tripletex.js`). */
  module: string;
}

/**
 * `reads`: the fields the config declares for the flow's source entity (declared-fields.ts), typed in
 * the source record and fetched by the sync; the spec's own output is unchanged without them.
 */
export function createFlowView(flow: Flow, identity: FlowIdentity, specFile: string, predicates: PredicatesLocation, reads: readonly ReadField[] = []): FlowView {
  const predicatesFile = predicates.file;
  const plan = createMappingPlan(flow);
  const rules = createLinkRules(flow);
  const predicate = needsPredicate(rules) ? identity.predicateName : null;

  const namer = createNamer([...MODULE_NAMES, identity.constName, ...(predicate ? [predicate] : [])]);
  const sourcePascal = pascalIdentifier(flow.source.label, 'SourceRecord');
  const targetPascal = pascalIdentifier(flow.target.label, 'TargetRecord');
  const same = sourcePascal === targetPascal;
  const sourceType = namer.unique(same ? `${sourcePascal}Source` : sourcePascal);
  const targetType = namer.unique(same ? `${targetPascal}Target` : targetPascal);
  const rowNames = createRowNamer(plan.rows, namer);
  const criterionNames = flow.mergeCriteria.map((c) =>
    namer.unique(camelIdentifier(`${c.source.path.join(' ')} matches ${c.target.path.join(' ')}`, 'criterion')),
  );

  const sourceShape = createShape();
  const targetShape = createShape();
  for (const row of plan.rows) {
    sourceShape.add(row.source, 'unknown');
    targetShape.add(row.target, row.expression ? row.expression.tsType : targetTypeOf(row.type.kind));
  }
  for (const criterion of flow.mergeCriteria) {
    sourceShape.add(pathSpecOf(criterion.source), 'unknown');
    targetShape.add(pathSpecOf(criterion.target), WEAK_UNKNOWN);
  }
  for (const field of reads) sourceShape.add({ path: field.path, conditions: [] }, readFieldTsType(field.type));

  // Only rows toSource reads back from get a back function (noUnusedLocals).
  const backRows = new Set(plan.toSource.flatMap((a) => a.rows));
  const rows: RowView[] = plan.rows.map((row) => ({
    name: rowNames(row).name,
    comment: rowComment(row),
    source: valueLiteral(row.source),
    target: valueLiteral(row.target),
    type: valueLiteral(row.type),
    datetime:
      row.mapped && !row.expression && converterOf(row.type) === 'asDatetime'
        ? `const ${rowNames(row).datetime} = asDatetime(${stringLiteral(row.type.format!)}, ${stringLiteral(row.type.raw)});`
        : null,
    oneWay: row.mapped && row.oneWay ? 'oneWay: true,' : null,
    functions: row.mapped && row.expression ? expressionFunctions(row, rowNames, backRows.has(row)) : [],
  }));

  const criteria: CriterionView[] = flow.mergeCriteria.map((criterion, i) => {
    const name = criterionNames[i]!;
    const kind = mergeKeyKind(criterion.source.path, criterion.target.path);
    const key = (side: 'source' | 'target', ref: typeof criterion.source) =>
      ref.path.length === 0 ? '() => undefined' : `(record) => mergeKey(${stringLiteral(kind)}, readPath(record, ${name}.${side}))`;
    return {
      name,
      comment: commentText(`Merge criterion ${criterion.source.raw} = ${criterion.target.raw}.`),
      label: stringLiteral(`${criterion.source.raw} = ${criterion.target.raw}`),
      source: valueLiteral(pathSpecOf(criterion.source)),
      target: valueLiteral(pathSpecOf(criterion.target)),
      sourceKey: key('source', criterion.source),
      targetKey: key('target', criterion.target),
      used: criterion.source.path.length > 0 || criterion.target.path.length > 0,
    };
  });

  const toTarget: StatementView[] = plan.toTarget.map((a) => ({
    comment: commentText(
      a.rows.length === 1
        ? `${a.rows[0]!.targetRaw} <- ${a.rows[0]!.sourceRaw}`
        : `${a.rows[0]!.targetRaw} <- the first of ${a.rows.map((r) => r.sourceRaw).join(', ')} that has a value`,
    ),
    lines: targetStatement(a, rowNames),
  }));
  const toSource: StatementView[] = plan.toSource.map((a) => ({
    comment: commentText(
      a.rows.length === 1
        ? `${a.rows[0]!.sourceRaw} <- ${a.rows[0]!.targetRaw}`
        : `${a.rows[0]!.sourceRaw} <- the first of ${a.rows.map((r) => r.targetRaw).join(', ')} that has a value`,
    ),
    lines: sourceStatement(a, rowNames),
  }));

  const notes = [creationNote(rules, predicatesFile)];
  if (plan.toTarget.some((a) => a.rows.length > 1))
    notes.push('Several rows feed one target: the first row (spec order) whose source has a value wins; toSource writes back to that first row\'s source.');
  if (plan.toSource.some((a) => a.rows.length > 1))
    notes.push('One source feeds several targets: toTarget writes each of them; toSource takes the first of them (row order) that has a value.');
  const oneWay = plan.rows.filter((r) => r.mapped && r.oneWay);
  if (oneWay.length > 0)
    notes.push(
      `One-way rows (their DTL result is not the source value in another type, so it is never written back): ${oneWay.map((r) => `${rowLabel(r)} (${r.expression!.reverse.kind === 'one-way' ? r.expression!.reverse.why : ''})`).join('; ')}.`,
    );
  const unmapped = plan.rows.filter((r) => !r.mapped);
  if (unmapped.length > 0) notes.push(`Rows without a property path map nothing: ${unmapped.map(rowLabel).join('; ')}.`);

  const typeImports = ['AnyRecord', 'FlowDefinition'];
  if (plan.rows.length > 0) typeImports.push('PropertyBinding');
  if (criteria.some((c) => c.used)) typeImports.push('PathSpec');

  const tests = createTests(flow, plan, rules, identity, predicate);
  const testText = tests.flatMap((t) => t.lines).join('\n');
  const uses = (name: string) => new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(testText);
  // Flows of one spec share a test file, and their record types may share names: each
  // flow's tests name its records through aliases local to its describe block.
  const testTypes: string[] = [];
  if (uses('Source')) testTypes.push(`type Source = Parameters<typeof ${identity.constName}.toTarget>[0];`);
  if (uses('Target')) testTypes.push(`type Target = Parameters<typeof ${identity.constName}.toSource>[0];`);

  return {
    id: identity.id,
    idLiteral: stringLiteral(identity.id),
    stem: identity.stem,
    constName: identity.constName,
    titleComment: commentText(flow.title),
    titleLiteral: stringLiteral(flow.title),
    specRef: commentText(flowRef(specFile, flow.title)),
    notes: notes.map(commentText),
    sourceType,
    targetType,
    sourceComment: commentText(
      `A ${flow.source.label} record as this flow reads it. The spec types only the target side, so source values are \`unknown\`` +
        (reads.length === 0
          ? '.'
          : `; ${reads.map((r) => r.path.join('.')).join(', ')} ${reads.length === 1 ? 'is' : 'are'} declared in the config's fields for the predicate (fetched, converted to the declared type, never written).`),
    ),
    targetComment: commentText(`A ${flow.target.label} record as this flow writes it.`),
    sourceFields: sourceShape.fields(),
    targetFields: targetShape.fields(),
    sourceSystem: stringLiteral(flow.source.system),
    sourceEntity: stringLiteral(flow.source.entity),
    targetSystem: stringLiteral(flow.target.system),
    targetEntity: stringLiteral(flow.target.entity),
    runtimeImports: runtimeImportsOf(plan.rows, plan.toTarget.length > 0, criteria.some((c) => c.sourceKey !== '() => undefined' || c.targetKey !== '() => undefined')).join(', '),
    typeImports: typeImports.sort().join(', '),
    rows,
    unmappedRows: unmapped.map((r) => rowNames(r).name),
    criteria,
    toTarget,
    toSource,
    rules: rulesLiteral(rules, predicate, predicatesFile),
    reads: reads.length === 0 ? null : valueLiteral(reads),
    predicate:
      predicate === null
        ? null
        : { name: predicate, nameLiteral: stringLiteral(predicate), fileLiteral: stringLiteral(predicatesFile), moduleLiteral: stringLiteral(predicates.module) },
    tests,
    testTypes,
    testsUseConversionError: uses('ConversionError'),
    testsUseReadPath: uses('readPath'),
    toTargetParam: toTarget.length > 0 ? 'record' : '_record',
    toSourceParam: toSource.length > 0 ? 'record' : '_record',
  };
}

function createTests(
  flow: Flow,
  plan: ReturnType<typeof createMappingPlan>,
  rules: LinkRulesData,
  identity: FlowIdentity,
  predicate: string | null,
): TestView[] {
  const flowName = identity.constName;
  const tests: TestView[] = [];
  const roundTrips = createRoundTripCases(plan);
  for (const trip of roundTrips) {
    tests.push({
      title: stringLiteral(`row ${rowLabel(trip.row)} ${trip.row.type.raw}: maps both ways`),
      lines: [
        `const input: Source = ${valueLiteral(trip.input)};`,
        `const target = ${flowName}.toTarget(input);`,
        `expect(target).toEqual(${valueLiteral(trip.target)});`,
        `expect(${flowName}.toSource(target)).toEqual(${valueLiteral(trip.source)});`,
      ],
    });
  }
  for (const test of createExpressionTests(plan, flowName)) tests.push(test);
  for (const error of createErrorCases(plan)) {
    tests.push({
      title: stringLiteral(`row ${rowLabel(error.row)}: a value that is no ${error.row.type.raw} is a conversion error`),
      lines: [
        `const input: Source = ${valueLiteral(error.input)};`,
        `expect(() => ${flowName}.toTarget(input)).toThrow(ConversionError);`,
      ],
    });
  }
  for (const condition of createConditionCases(plan, roundTrips)) {
    tests.push({
      title: stringLiteral(`row ${rowLabel(condition.row)}: a value its condition does not select is not read`),
      lines: [
        `const input: Source = ${valueLiteral(condition.input)};`,
        `expect(${flowName}.toTarget(input)).toEqual(${valueLiteral(condition.target)});`,
      ],
    });
  }
  tests.push({
    title: stringLiteral('empty records map to empty records'),
    lines: [`expect(${flowName}.toTarget({})).toEqual({});`, `expect(${flowName}.toSource({})).toEqual({});`],
  });
  for (const mergeCase of createMergeKeyCases(plan, flow.mergeCriteria)) {
    tests.push({
      title: stringLiteral(`merge criterion ${mergeCase.label}: equal values give equal keys, missing values none`),
      lines: [
        `const key = ${flowName}.mergeKeys.find((k) => k.label === ${stringLiteral(mergeCase.label)})!;`,
        `const source: Source = ${valueLiteral(mergeCase.source)};`,
        `const target: Target = ${valueLiteral(mergeCase.target)};`,
        `expect(key.source(source)).toBe(${stringLiteral(mergeCase.key)});`,
        `expect(key.target(target)).toBe(${stringLiteral(mergeCase.key)});`,
        `expect(key.source({})).toBeUndefined();`,
        `expect(key.target({})).toBeUndefined();`,
      ],
    });
  }
  const { trigger, createWhenConnectedTo, connectedTo, ...flags } = rules;
  tests.push({
    title: stringLiteral('link and creation rules are as the spec says'),
    lines: [
      `expect(${flowName}.id).toBe(${stringLiteral(identity.id)});`,
      `expect(${flowName}.rules).toMatchObject(${valueLiteral(flags)});`,
      `expect(${flowName}.rules.trigger).toBe(${valueLiteral(trigger)});`,
      `expect(${flowName}.rules.createWhenConnectedTo).toEqual(${valueLiteral(createWhenConnectedTo)});`,
      ...(connectedTo === null ? [] : [`expect(${flowName}.rules.connectedTo).toEqual(${valueLiteral(connectedTo)});`]),
      `expect(${flowName}.mergeKeys.map((key) => key.label)).toEqual(${valueLiteral(flow.mergeCriteria.map((c) => `${c.source.raw} = ${c.target.raw}`))});`,
      `expect(${flowName}.properties.map((row) => [row.source.path, row.target.path])).toEqual(${valueLiteral(plan.rows.map((r) => [r.source.path, r.target.path]))});`,
      predicate === null
        ? `expect(${flowName}.rules.predicate).toBeUndefined();`
        : `expect(${flowName}.rules.predicate?.name).toBe(${stringLiteral(predicate)});`,
    ],
  });
  return tests;
}

function recordAt(spec: PathSpec, value: unknown): AnyRecord {
  const record: AnyRecord = {};
  writePath(record, spec, value);
  return record;
}

/**
 * One test per expression row with documented cases (dtl-cases.ts): inputs
 * reaching each branch, expectations written from the documentation, and the
 * row's way back. Values are read at the row's own target (and source), so
 * other rows of the flow do not enter into them.
 */
function createExpressionTests(plan: MappingPlan, flowName: string): TestView[] {
  const tests: TestView[] = [];
  const backRows = new Set(plan.toSource.flatMap((a) => a.rows));
  for (const assignment of plan.toTarget) {
    assignment.rows.forEach((row, k) => {
      const e = row.expression;
      if (!e) return;
      // An earlier row of the same target reading the same source would win: the row is never seen alone.
      if (assignment.rows.slice(0, k).some((r) => placeKey(r.source) === placeKey(row.source))) return;
      const cases = documentedCases(e.text, e.reverse);
      if (!cases) return;
      const binding = `${flowName}.properties[${row.index - 1}]!`;
      const lines: string[] = [];
      // Another assignment writing the same path under other conditions can overwrite the row's value: not seen alone.
      const samePath = (a: PathSpec, b: PathSpec) => JSON.stringify(a.path) === JSON.stringify(b.path) && placeKey(a) !== placeKey(b);
      const targetAlone = !plan.toTarget.some((other) => samePath(other.target, row.target));
      const sourceAssignment = plan.toSource.find((a) => a.rows.includes(row));
      const sourceAlone = !plan.toSource.some((other) => samePath(other.source, row.source));
      // `a ?? b`: a null result gives way to the next row (absent here), so only the last row of a chain writes null.
      const lastOf = (rows: readonly unknown[]) => rows[rows.length - 1] === row;
      const nullTarget = lastOf(assignment.rows) ? null : undefined;
      const nullSource = sourceAssignment === undefined || lastOf(sourceAssignment.rows) ? null : undefined;
      for (const c of targetAlone ? cases.branches : []) {
        const input = recordAt(row.source, c.input);
        try {
          simulateToTarget(plan, input);
        } catch (error) {
          // Another row reading the same source cannot convert this input: the case says nothing about this row.
          if (error instanceof ConversionError) continue;
          throw error;
        }
        lines.push(`// ${commentText(c.why)}`);
        lines.push(`expect(readPath(${flowName}.toTarget(${valueLiteral(input)}), ${binding}.target)).toEqual(${valueLiteral(c.output === null ? nullTarget : c.output)});`);
      }
      if ((backRows.has(row) || row.oneWay) && sourceAlone) {
        for (const c of cases.back) {
          const target = recordAt(row.target, c.target);
          lines.push(`// back: ${commentText(c.why)}`);
          lines.push(
            c.source === 'error'
              ? `expect(() => ${flowName}.toSource(${valueLiteral(target)})).toThrow(ConversionError);`
              : `expect(readPath(${flowName}.toSource(${valueLiteral(target)}), ${binding}.source)).toEqual(${valueLiteral(c.source === null ? nullSource : c.source)});`,
          );
        }
      }
      if (row.oneWay) lines.push(`expect(${binding}.oneWay).toBe(true);`);
      if (lines.length === 0) return;
      tests.push({
        title: stringLiteral(`row ${rowLabel(row)} ${e.text}: each branch as Sesam documents it, and the way back (${e.reverse.kind})`),
        lines,
      });
    });
  }
  return tests;
}
