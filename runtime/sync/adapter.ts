/**
 * What the sync engine needs from a system: list an entity's records, create
 * one, update one. Implement this to plug in a real API client; every method
 * may return a promise.
 */
import type { AnyRecord, PathSpec } from '../flow.js';
import type { RecordId } from './ids.js';

export interface SystemAdapter {
  /**
   * All records of an entity (`Customers (human data)`, as the spec names it).
   * Each has an `id`. The engine never mutates what it receives.
   */
  list(entity: string): readonly AnyRecord[] | Promise<readonly AnyRecord[]>;
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
  /**
   * Optional, for systems that hold their records in memory: a lookup of an
   * entity's records by id, as `list` would give them, from an index the
   * system keeps anyway. The engine then skips building its own index of the
   * targets on every run. An API client should leave it out (one request per
   * record would be slow).
   */
  lookup?(entity: string): (id: RecordId) => AnyRecord | undefined;
  /**
   * Makes the creates and updates so far durable. Called once per flow, after
   * its writes and before its links are stored; adapters that write at once
   * need not implement it.
   */
  flush?(): void | Promise<void>;
}

/**
 * Thrown by an adapter to stop the whole run at once (lost credentials, the
 * system is down): the engine writes nothing more, and the next run recovers
 * from its stored intents. Any other error fails just the record at hand.
 */
export class SyncAborted extends Error {
  override readonly name = 'SyncAborted';
}

export function isSyncAborted(error: unknown): boolean {
  return error instanceof Error && error.name === 'SyncAborted';
}
