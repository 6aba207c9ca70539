/**
 * A failed request as the REST client classifies it, and its translation into
 * the errors the engine understands (SyncAborted, RecordRejected, WriteConflict,
 * MaybeCreated), with the API's request id in every message.
 */
import { MaybeCreated, RecordRejected, SyncAborted, WriteConflict } from '../adapter.js';

export type FailureKind =
  /** Worth another attempt (429, 5xx, a network error before sending). */
  | 'retry'
  /** The request may have reached the server and nobody knows what it did (reset after sending, timeout). */
  | 'maybe-sent'
  /** The API refused the request as it is (a 4xx): another attempt gives the same. */
  | 'reject'
  | 'conflict'
  | 'not-found'
  /** Credentials lost or refused, a quota exhausted: nothing more can be done in this run. */
  | 'abort';

export interface FailureDetails {
  readonly status?: number;
  readonly requestId?: string | undefined;
  readonly body?: unknown;
  /** The wait the API asked for (Retry-After, a rate-limit reset), in ms. */
  readonly retryAfterMs?: number | undefined;
  readonly fields?: readonly string[];
  readonly cause?: unknown;
}

export class RestError extends Error {
  override readonly name = 'RestError';
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;
  readonly fields: readonly string[];
  constructor(
    readonly kind: FailureKind,
    message: string,
    details: FailureDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.requestId = details.requestId;
    this.body = details.body;
    this.retryAfterMs = details.retryAfterMs;
    this.fields = details.fields ?? [];
  }
}

export function isRestError(error: unknown): error is RestError {
  return error instanceof RestError;
}

/** `message (request id X)`: the id support asks for, in every message. */
export function withRequestId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} (request id ${requestId})` : message;
}

/**
 * The engine's error for a failure: a lost session or exhausted quota stops
 * the run, a refused record fails alone, a stale version is a conflict, a
 * create that may have happened is settled by lookup. `creating` marks a
 * create, for which an uncertain outcome is `MaybeCreated`.
 */
export function toSyncError(error: unknown, creating = false): Error {
  if (!isRestError(error)) return error instanceof Error ? error : new Error(String(error));
  const options = { requestId: error.requestId, cause: error };
  switch (error.kind) {
    case 'abort':
      return new SyncAborted(error.message, options);
    case 'conflict':
      return new WriteConflict(error.message, options);
    case 'maybe-sent':
      return creating ? new MaybeCreated(error.message, options) : new SyncAborted(error.message, options);
    case 'retry':
      // Still failing after every retry: the system is down or over quota for now; the next run goes on.
      return new SyncAborted(error.message, options);
    case 'reject':
    case 'not-found':
      return new RecordRejected(error.message, { ...options, fields: error.fields });
  }
}
