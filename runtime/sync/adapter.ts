/**
 * What the sync engine needs from a system: list an entity's records, create
 * one, update one, plus optional capabilities (changes since a cursor, batch
 * writes, fresh reads, settling an uncertain create) that REST systems offer.
 * Implement this to plug in a real API client; every method may return a promise.
 */
import type { AnyRecord, PathSpec } from '../flow.js';
import type { RecordId } from './ids.js';

/** What the engine tells a listing beyond the entity's name. */
export interface ListOptions {
  /**
   * The dot paths the spec maps for this entity (both directions, merge
   * criteria included, and the fields predicates read, `FlowDefinition.reads`),
   * so an API asks only for them (HubSpot `properties=`, Tripletex `fields=`).
   * Absent: everything.
   */
  readonly paths?: readonly (readonly string[])[];
}

/** A position in an entity's change stream: ordered by (`at`, `id`). */
export interface ChangeCursor {
  /** ISO 8601 time of the last change covered. */
  readonly at: string;
  /**
   * Tie breaker: the greatest id (by `compareIds`) seen at `at`; for a feed
   * read whole, what the adapter needs to tell next time that nothing changed
   * (Tripletex: `versionDigest:<the list's digest>`).
   */
  readonly id: string;
}

export interface ChangesRequest {
  /** Where the last run stopped; null: from the beginning. */
  readonly since: ChangeCursor | null;
  /** ISO 8601 upper bound taken when the run started, in the system's time (`systemTime`): later changes wait for the next run. */
  readonly until: string;
  readonly paths?: readonly (readonly string[])[];
}

export interface ChangePage {
  readonly records: readonly AnyRecord[];
  /**
   * Position after this page: everything up to it is covered. The engine
   * stores it in the same transaction as the page's records (its mirror), and
   * only then asks for the next page.
   */
  readonly cursor: ChangeCursor;
  /**
   * This read listed every record of the entity (an API without a change
   * filter reads whole): records of the mirror it did not give are gone from
   * the system, and leave the mirror. Set on the last page.
   */
  readonly complete?: boolean;
}

/** One item of `updateMany`. */
export interface UpdateItem {
  readonly id: RecordId;
  readonly record: AnyRecord;
  readonly changed: readonly PathSpec[];
}

export type CreateResult = { readonly id: RecordId } | { readonly error: RecordRejected | MaybeCreated };
export type UpdateResult = { readonly ok: true } | { readonly error: RecordRejected | WriteConflict };

export interface SystemAdapter {
  /**
   * All records of an entity (`Customers (human data)`, as the spec names it).
   * Each has an `id`. The engine never mutates what it receives.
   */
  list(entity: string, options?: ListOptions): readonly AnyRecord[] | Promise<readonly AnyRecord[]>;
  /**
   * Optional: the records changed in (`since` - `lookbackMs`, `until`], in
   * pages ordered by (change time, id). The engine keeps a mirror of what it
   * has seen, so a record listed twice (the overlap) is harmless.
   */
  changes?(entity: string, request: ChangesRequest): AsyncIterable<ChangePage>;
  /** How long before `since` to start again (ms), for index lag and equal timestamps. Default 0. */
  readonly lookbackMs?: number;
  /**
   * The system's own time at this machine's instant `local` (ISO 8601): its
   * records are stamped by its clock, which may run ahead of or behind this
   * one. The engine takes a run's upper bound (`ChangesRequest.until`) and a
   * full read's cursor through it, so a skewed clock never hides changes
   * behind the cursor. Absent: this machine's clock is taken as the system's.
   */
  systemTime?(entity: string, local: string): string | Promise<string>;
  /**
   * Why a record the system still lists counts as deleted there (`archived`
   * in HubSpot, `inactive` in Tripletex), or undefined when it does not. Such
   * a record is treated like one no longer listed: a link to it is reported
   * as gone and nothing is written to or created from it.
   */
  removed?(entity: string, record: AnyRecord): string | undefined;
  /** When a record last changed, if the system says so somewhere else than `updatedAt`. */
  updatedAt?(entity: string, record: AnyRecord): string | undefined;
  /** A fresh read of one record (after a `WriteConflict`); undefined when it is gone. */
  get?(entity: string, id: RecordId): Promise<AnyRecord | undefined>;
  /**
   * Settles a create that may have reached the system (`MaybeCreated`): the id
   * of the record created from these values (by the system's own search), or
   * undefined when there is none.
   */
  findCreated?(entity: string, values: AnyRecord): Promise<RecordId | undefined>;
  /**
   * Creates a record with these mapped values (never an `id`) and returns the
   * new record's id. The system chooses the id.
   */
  create(entity: string, values: AnyRecord): RecordId | Promise<RecordId>;
  /**
   * Replaces record `id` by `record`: the record as listed with the mapped
   * properties in `changed` rewritten (fields the spec does not map are as they
   * were). An API client can send just the `changed` paths as a patch.
   */
  update(entity: string, id: RecordId, record: AnyRecord, changed: readonly PathSpec[]): void | Promise<void>;
  /** Optional batch create: one result per value, in order; one rejected record fails only itself. */
  createMany?(entity: string, values: readonly AnyRecord[]): Promise<readonly CreateResult[]>;
  /** Optional batch update: one result per item, in order. */
  updateMany?(entity: string, items: readonly UpdateItem[]): Promise<readonly UpdateResult[]>;
  /**
   * Optional, for systems that hold their records in memory: a lookup of an
   * entity's records by id, as `list` would give them, from an index the
   * system keeps anyway. The engine then skips building its own index of the
   * targets on every run. An API client should leave it out (one request per
   * record would be slow).
   */
  lookup?(entity: string): (id: RecordId) => AnyRecord | undefined;
  /**
   * Optional, for systems that are files: where a record is (the file and its
   * index in the file's array), for error reports. `id` when the record has
   * one, `position` its place in the listing.
   */
  locate?(entity: string, id: RecordId | undefined, position?: number): { file: string; index: number } | undefined;
  /**
   * Makes the creates and updates so far durable. Called once per flow, after
   * its writes and before its links are stored; adapters that write at once
   * need not implement it.
   */
  flush?(): void | Promise<void>;
}

/** Options every sync error takes: the API's request id, and a cause. */
export interface SyncErrorOptions {
  readonly requestId?: string;
  readonly cause?: unknown;
}

/** Base of the errors the engine understands; `requestId` names the API call (`x-tlx-request-id`, HubSpot `correlationId`). */
abstract class SyncError extends Error {
  readonly requestId: string | undefined;
  constructor(message: string, options: SyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.requestId = options.requestId;
  }
}

/**
 * Thrown by an adapter to stop the whole run at once (lost credentials, an
 * exhausted quota, the system is down): the engine writes nothing more, and
 * the next run recovers from its stored intents.
 */
export class SyncAborted extends SyncError {
  override readonly name = 'SyncAborted';
}

/** The system refused this record (a 4xx, a 207 item error): it fails alone, the run goes on. */
export class RecordRejected extends SyncError {
  override readonly name = 'RecordRejected';
  /** The target fields the system named, if it did (`properties.email`). */
  readonly fields: readonly string[];
  constructor(message: string, options: SyncErrorOptions & { readonly fields?: readonly string[] } = {}) {
    super(message, options);
    this.fields = options.fields ?? [];
  }
}

/** The record changed since it was read (Tripletex 409 code 8000): the engine re-reads it and reconciles again. */
export class WriteConflict extends SyncError {
  override readonly name = 'WriteConflict';
}

/** A create that may have reached the system (a timeout or reset after sending): settled with `findCreated`, never re-sent blindly. */
export class MaybeCreated extends SyncError {
  override readonly name = 'MaybeCreated';
}

export function isSyncAborted(error: unknown): boolean {
  return error instanceof Error && error.name === 'SyncAborted';
}

export function isRecordRejected(error: unknown): error is RecordRejected {
  return error instanceof Error && error.name === 'RecordRejected';
}

export function isWriteConflict(error: unknown): error is WriteConflict {
  return error instanceof Error && error.name === 'WriteConflict';
}

export function isMaybeCreated(error: unknown): error is MaybeCreated {
  return error instanceof Error && error.name === 'MaybeCreated';
}
