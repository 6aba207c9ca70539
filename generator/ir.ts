/**
 * The intermediate representation of a dataflow document: the only shape later
 * stages (generate, check, diff, sync) ever see. Mirrors contracts.md section 2.
 */

import type { TypeKind } from '../runtime/flow.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable rule id, e.g. `unknown-sentence`, `table-columns`, `empty-system`. */
  code: string;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Side {
  /** The label as written in the section title: "Invoiced Customers (human data)". */
  label: string;
  /** The system name, from the document title ("" when the title leaves it empty). */
  system: string;
  /** The rest of the label: "Customers (human data)". */
  entity: string;
}

export interface Condition {
  /** The V of "Dependant on having V in F" (may be ""). */
  value: string;
  /** The F, as a dot path (may be []). */
  field: string[];
}

export interface PropertyRef {
  /** The cell text, trimmed, exactly as written. */
  raw: string;
  /** Dot path without the condition: ["phone_numbers", "number"]. */
  path: string[];
  conditions: Condition[];
}

/** The target data type families; the runtime's `TypeKind`, so the two can never drift apart. */
export type DataTypeKind = TypeKind;

export interface DataType {
  /** The cell text, trimmed: '"string"', 'N/A', '"datetime-format","%Y-%m-%d","_."]'. */
  raw: string;
  kind: DataTypeKind;
  /** For `datetime`: the strftime format. */
  format?: string;
  /**
   * For a cell holding a DTL expression (kinds `expression` and `datetime`): the
   * expression as read, lost brackets and elisions restored, as JSON
   * (`["if",["neq","_.","X"],["integer","_."],["string","_."]]`). Absent when the
   * cell has no unique reading (a `dtl-reading` warning says why; values then pass through).
   * An addition to contracts.md section 2: `raw` stays exactly as written.
   */
  expression?: unknown;
}

export interface MergeCriterion {
  source: PropertyRef;
  target: PropertyRef;
  /**
   * 1-based line of the row's first cell. An addition to contracts.md section 2
   * (like `PropertyMapping.line`); generated code never carries it.
   */
  line: number;
}

/**
 * 1-based lines of the flow's rule sentences, where the spec has them (an
 * addition to contracts.md section 2): what decides linking and creation.
 */
export interface FlowSentenceLines {
  /** "Before any synchronization can take place, a link ... must be established." */
  requiresLink?: number;
  /** "<trigger>, it will be synchronized with ...". */
  trigger?: number;
  /** "A new T will be created from a S if it is connected to ...". */
  createWhenConnectedTo?: number;
  /** "... will be created ... if no matching ... exists" (the default rule, written out). */
  createWhenNoMatch?: number;
  /** The sentence announcing the merge criteria table. */
  mergeCriteria?: number;
  /** "Every S will be synchronized with a T." */
  every?: number;
}

export interface PropertyMapping {
  source: PropertyRef;
  target: PropertyRef;
  type: DataType;
  /** 1-based line of the row's first cell. */
  line: number;
}

export interface Flow {
  /** The section title as written. */
  title: string;
  /** 1-based line of the title. */
  line: number;
  source: Side;
  target: Side;
  /** "Before any synchronization can take place, a link ... must be established." */
  requiresLink: boolean;
  /** Free text before ", it  will be synchronized with", trimmed. */
  trigger: string | null;
  /**
   * "A new T will be created from a S if it is connected to a HubSpot Deal, Quote, or Lineitem ...":
   * the listed names as written, each with the system the sentence writes once before the first
   * ("HubSpot Deal", "HubSpot Quote", "HubSpot Lineitem"). Null without such a sentence.
   */
  createWhenConnectedTo: string[] | null;
  /** The same list as sides: label as in createWhenConnectedTo, system from the document title, entity the rest ("Quote"). */
  connectedTo: Side[] | null;
  mergeCriteria: MergeCriterion[];
  properties: PropertyMapping[];
  /** Where the rule sentences are (empty when the flow has none). */
  sentenceLines: FlowSentenceLines;
}

export interface Document {
  /** The path as given on the command line. */
  file: string;
  title: string;
  sourceSystem: string;
  targetSystem: string;
  /** "2024-09-13 00:00:01" as written, or null. */
  generatedAt: string | null;
  flows: Flow[];
  diagnostics: Diagnostic[];
}
