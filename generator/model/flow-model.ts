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
import { createShape, targetTypeOf, WEAK_UNKNOWN, type FieldView } from './shape.js';
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
  predicate: { name: string; fileLiteral: string; nameLiteral: string; moduleLiteral: string } | null;
  tests: TestView[];
  /** The test file's local aliases of the record types (`type Source = ...`), only those its tests use (noUnusedLocals). */
  testTypes: string[];
  /** Whether this flow's tests use `ConversionError`. */
  testsUseConversionError: boolean;
  /** `record`, or `_record` for a mapper with no rows (its parameter is then unused). */
  toTargetParam: string;
  toSourceParam: string;
}

/** A row as the spec writes it: its cells, which find it in the spec wherever it moves. */
export function rowLabel(row: Pick<PlannedRow, 'sourceRaw' | 'targetRaw'>): string {
  return `${row.sourceRaw || '(empty)'} -> ${row.targetRaw || '(empty)'}`;
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

export function createFlowView(flow: Flow, identity: FlowIdentity, specFile: string, predicates: PredicatesLocation): FlowView {
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
    targetShape.add(row.target, targetTypeOf(row.type.kind));
  }
  for (const criterion of flow.mergeCriteria) {
    sourceShape.add(pathSpecOf(criterion.source), 'unknown');
    targetShape.add(pathSpecOf(criterion.target), WEAK_UNKNOWN);
  }

  const rows: RowView[] = plan.rows.map((row) => ({
    name: rowNames(row).name,
    comment: rowComment(row),
    source: valueLiteral(row.source),
    target: valueLiteral(row.target),
    type: valueLiteral(row.type),
    datetime:
      row.mapped && converterOf(row.type) === 'asDatetime'
        ? `const ${rowNames(row).datetime} = asDatetime(${stringLiteral(row.type.format!)}, ${stringLiteral(row.type.raw)});`
        : null,
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
      `A ${flow.source.label} record as this flow reads it. The spec types only the target side, so source values are \`unknown\`.`,
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
    predicate:
      predicate === null
        ? null
        : { name: predicate, nameLiteral: stringLiteral(predicate), fileLiteral: stringLiteral(predicatesFile), moduleLiteral: stringLiteral(predicates.module) },
    tests,
    testTypes,
    testsUseConversionError: uses('ConversionError'),
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
  const { trigger, createWhenConnectedTo, ...flags } = rules;
  tests.push({
    title: stringLiteral('link and creation rules are as the spec says'),
    lines: [
      `expect(${flowName}.id).toBe(${stringLiteral(identity.id)});`,
      `expect(${flowName}.rules).toMatchObject(${valueLiteral(flags)});`,
      `expect(${flowName}.rules.trigger).toBe(${valueLiteral(trigger)});`,
      `expect(${flowName}.rules.createWhenConnectedTo).toEqual(${valueLiteral(createWhenConnectedTo)});`,
      `expect(${flowName}.mergeKeys.map((key) => key.label)).toEqual(${valueLiteral(flow.mergeCriteria.map((c) => `${c.source.raw} = ${c.target.raw}`))});`,
      `expect(${flowName}.properties.map((row) => [row.source.path, row.target.path])).toEqual(${valueLiteral(plan.rows.map((r) => [r.source.path, r.target.path]))});`,
      predicate === null
        ? `expect(${flowName}.rules.predicate).toBeUndefined();`
        : `expect(${flowName}.rules.predicate?.name).toBe(${stringLiteral(predicate)});`,
    ],
  });
  return tests;
}
