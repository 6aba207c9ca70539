/** The result model of `dataflow diff`: one semantic change between two versions of a spec, and the report that groups them. */
import type { RuleId, Severity } from './classify.js';

/** Every kind of change, in the order the report explains them (the config's `diff.accept` names them). */
export const CHANGE_KINDS = [
  'document-added',
  'document-removed',
  'document-renamed',
  'system-renamed',
  'flow-added',
  'flow-removed',
  'flow-renamed',
  'property-added',
  'property-removed',
  'type-changed',
  'link-rule-changed',
  'creation-rule-changed',
  'trigger-changed',
  'merge-criterion-added',
  'merge-criterion-removed',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Where a flow sits in one version of its document. */
export interface FlowRef {
  title: string;
  /** 1-based line of the section title. */
  line: number;
  /** 0-based position among the document's flows. */
  index: number;
}

export interface Change {
  kind: ChangeKind;
  /** The row of the classification table that decided the severity. */
  rule: RuleId;
  severity: Severity;
  reason: string;
  /** One readable line, without the flow (the report groups by flow). */
  message: string;
  /** The flow the change is in, in each version; null for document-level changes. */
  flow: { old: FlowRef | null; new: FlowRef | null } | null;
  /** Spec line of the changed thing in the old and in the new version (null where it does not exist). */
  oldLine: number | null;
  newLine: number | null;
  before: JsonValue;
  after: JsonValue;
  /** For a change to a property row or merge criterion: the row as `source -> target`, cells as written. */
  row?: string;
  /** Set on a breaking change the config's `diff.accept` names: it is shown, but no longer fails the diff. */
  accepted?: { reason: string | null };
}

/** The changes of one document, matched by its file name relative to the compared folder. */
export interface DocumentDiff {
  name: string;
  oldFile: string | null;
  newFile: string | null;
  /** The document's old name (relative to the compared folder) when it was recognised as renamed: compared as one document. */
  renamedFrom?: string;
  changes: Change[];
}

export interface DiffReport {
  old: string;
  new: string;
  /** How many documents were compared (present on at least one side and parsed without errors). */
  compared: number;
  /** Only documents with at least one change, sorted by name. */
  documents: DocumentDiff[];
  /** Documents left out because a version had parse errors. */
  skipped: { name: string; file: string; reason: string }[];
  /** Breaking changes not accepted by the config. */
  breaking: number;
  compatible: number;
  /** Breaking changes the config's `diff.accept` accepts (not counted in `breaking`). */
  accepted?: number;
}
