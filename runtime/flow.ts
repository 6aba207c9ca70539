/**
 * The shape of a generated flow: what `generated/<slug>/index.ts` exports in
 * `flows`, and the only thing the sync engine knows about a spec.
 */

/** One "Dependant on having V in F" condition: selects the array element whose F equals V. */
export interface PathCondition {
  readonly value: string;
  readonly field: readonly string[];
}

/** A property cell of the spec as data: a dot path plus its conditions. */
export interface PathSpec {
  readonly path: readonly string[];
  readonly conditions: readonly PathCondition[];
}

export type TypeKind =
  | 'string'
  | 'integer'
  | 'float'
  | 'decimal'
  | 'boolean'
  | 'list'
  | 'datetime'
  | 'any'
  | 'expression';

export interface TypeSpec {
  readonly kind: TypeKind;
  readonly raw: string;
  readonly format?: string;
}

/** One row of the spec's property table. */
export interface PropertyBinding {
  readonly source: PathSpec;
  readonly target: PathSpec;
  readonly type: TypeSpec;
  /**
   * Spec line of the row. Generated modules leave it out (a line shift above the
   * row would rewrite them): the row is found in the spec by its cells.
   */
  readonly line?: number;
  /**
   * The row's value is a DTL expression with no way back (a rewritten phone
   * number, a date without its time): `toSource` does not write its source, and
   * sync never writes a target edit back to the source.
   */
  readonly oneWay?: boolean;
}

/**
 * A merge criterion row as key functions: two records match when both keys
 * are defined and equal. Keys are normalised strings; null and empty values
 * give `undefined` and never match.
 */
export interface MergeKey<S = AnyRecord, T = AnyRecord> {
  readonly label: string;
  /** The criterion's paths on each side, so a system is asked for them even where no property row maps them. */
  readonly paths?: { readonly source: PathSpec; readonly target: PathSpec };
  source(record: S): string | undefined;
  target(record: T): string | undefined;
}

/**
 * When a target record may be created for an unlinked source record.
 * - `always`: "Every S will be synchronized with a T" (create when no link or match).
 * - `when-no-match`: "If no matching T is found, a new T will be created".
 * - `never`: "Before any synchronization can take place, a link ... must be established".
 * - `when-connected`: "A new T will be created from a S if it is connected to ..." (user predicate).
 * - `when-triggered`: a free-text trigger (user predicate).
 */
export type CreationRule = 'always' | 'when-no-match' | 'never' | 'when-connected' | 'when-triggered';

/**
 * What a creation predicate may consult besides the record: "connected to a
 * HubSpot Deal ... that is synchronized into Tripletex" needs other entities
 * of the source system and the links of other flows of the same spec.
 */
export interface PredicateContext {
  /** The id of the flow being run. */
  readonly flowId: string;
  /** The records of an entity of the source system (the left data), e.g. `Deal`. */
  listSource(entity: string): Promise<readonly AnyRecord[]>;
  /** Whether the source record `sourceId` is linked in flow `flowId` of the same spec (as stored before this run). */
  isSynchronized(flowId: string, sourceId: string | number): boolean;
}

/**
 * A user-written predicate deciding creation for one source record. Plain
 * `(record) => boolean` functions fit; the context and a promise are optional.
 */
export type CreationPredicate<S = AnyRecord> = (record: S, context: PredicateContext) => boolean | Promise<boolean>;

export interface LinkRules<S = AnyRecord> {
  readonly creation: CreationRule;
  readonly requiresLink: boolean;
  readonly mergesExisting: boolean;
  readonly keepsInSync: boolean;
  readonly trigger: string | null;
  /** The spec's connected-to list as written, each with its system ("HubSpot Deal", "HubSpot Quote"). */
  readonly createWhenConnectedTo: readonly string[] | null;
  /** The same list as system and entity ("Quote"): the entity names a data folder's files are named by. Absent in hand-made flows. */
  readonly connectedTo?: readonly { readonly system: string; readonly entity: string }[] | null;
  /** For `when-connected` / `when-triggered`: the user's predicate (may be the `notWritten` stub). */
  readonly predicate?: { readonly name: string; readonly file: string; readonly test: CreationPredicate<S> };
}

export type AnyRecord = Record<string, unknown>;

/** The types a predicate field can be declared with (the config's `fields`); `unknown` leaves the value as the system sends it. */
export type ReadFieldType = 'string' | 'number' | 'integer' | 'boolean' | 'datetime' | 'unknown';

/**
 * A source field the spec does not map that the flow's predicate reads (the
 * config's `fields`): the system is asked for it with the mapped paths, the
 * predicate gets it converted to its type, and it is never written anywhere.
 */
export interface ReadField {
  readonly path: readonly string[];
  readonly type: ReadFieldType;
}

export interface FlowDefinition<S = AnyRecord, T = AnyRecord> {
  /** Unique within the spec, stable across regenerations (kebab-case of the title). */
  readonly id: string;
  readonly title: string;
  /** Spec line of the flow's section title. Generated modules leave it out; the title finds the flow. */
  readonly line?: number;
  readonly source: { readonly system: string; readonly entity: string };
  readonly target: { readonly system: string; readonly entity: string };
  /** Maps a source record to the target's mapped properties. Throws `ConversionError`. */
  toTarget(record: S): Partial<T>;
  /** Maps a target record back to the source's mapped properties. Throws `ConversionError`. */
  toSource(record: T): Partial<S>;
  readonly properties: readonly PropertyBinding[];
  readonly mergeKeys: readonly MergeKey<S, T>[];
  /** Source fields beyond the rows that the predicate reads (the config's `fields`); absent when none are declared. */
  readonly reads?: readonly ReadField[];
  readonly rules: LinkRules<S>;
}
