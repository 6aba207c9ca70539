/**
 * The declarative description of a REST system that `defineRestSystem` turns
 * into a `SystemAdapter`: where the API is, how it authenticates, paces and
 * retries, and per entity how records are listed, changed, created and updated.
 * Hooks take over where an API needs code (HubSpot's search, Tripletex's versions).
 */
import type { AnyRecord, PathSpec } from '../../flow.js';
import type { ChangePage, ChangesRequest, CreateResult, UpdateItem, UpdateResult } from '../adapter.js';
import type { RecordId } from '../ids.js';
import type { Clock } from './clock.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

/** One request, as hooks and definitions describe it. */
export interface RestRequest {
  readonly method: HttpMethod;
  /** Relative to the system's base URL: `/crm/v3/objects/contacts`. */
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  /**
   * A request that changes nothing when repeated may be retried after a
   * network failure or 5xx; a create may not (it becomes `MaybeCreated`).
   * Default: true for GET, PUT, PATCH, DELETE; false for POST.
   */
  readonly idempotent?: boolean;
  /** Which pacing bucket it counts against (`limits.buckets`); default `default`. */
  readonly bucket?: string;
  /** Extra request headers (`If-None-Match`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent without the auth headers (the request that opens a session). */
  readonly anonymous?: boolean;
}

/** An answer as the client read it. */
export interface RestResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  readonly body: unknown;
  /** The API's id for this request (from `requestId` of the definition). */
  readonly requestId: string | undefined;
}

/** How a system tells who is calling. */
export type RestAuth =
  | { readonly kind: 'none' }
  /** A token that is missing (an unset environment variable) stops the first request with a clear message. */
  | { readonly kind: 'bearer'; readonly token: string | undefined; readonly missing?: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | {
      /**
       * A session opened with a request of its own (Tripletex `/token/session/:create`):
       * `open` returns the headers to send; it is opened again once when the API says 401.
       */
      readonly kind: 'session';
      open(client: RestClient): Promise<Record<string, string>>;
    };

/** Requests per interval, per bucket (p-queue `intervalCap`/`interval`), and how many at once. */
export interface PacingBucket {
  readonly requests: number;
  readonly intervalMs: number;
}
export interface RestLimits {
  /** Requests in flight at once; default 4. */
  readonly concurrency?: number;
  /** The general budget; default none. */
  readonly default?: PacingBucket;
  /** Separate budgets for some requests, instead of `default` (HubSpot search: 5/s). */
  readonly buckets?: Readonly<Record<string, PacingBucket>>;
}

export interface RetryPolicy {
  /** Retries after the first attempt; default 5. */
  readonly retries?: number;
  /** First backoff (ms), doubled each retry; default 500. */
  readonly baseMs?: number;
  /** Longest wait (ms), also for Retry-After; default 60,000. */
  readonly maxMs?: number;
}

/** What an error answer means, beyond its status (a hook's verdict). */
export type ErrorKind = 'retry' | 'reject' | 'conflict' | 'abort' | 'auth' | 'not-found';

export interface RestClient {
  /** Sends a request (paced, retried as the policy says) and returns the answer; errors are `RestError`s. */
  request(request: RestRequest): Promise<RestResponse>;
  readonly clock: Clock;
}

/** A cursor page style: the next page's token is in the answer (HubSpot `paging.next.after`). */
export interface CursorPaging {
  readonly style: 'cursor';
  /** Query parameter that carries the token. */
  readonly param: string;
  /** Dot path of the next token in the answer; absent or empty: last page. */
  readonly next: string;
  readonly sizeParam?: string;
  readonly size?: number;
}

/** An offset page style (Tripletex `from`/`count`). */
export interface OffsetPaging {
  readonly style: 'offset';
  readonly fromParam: string;
  readonly sizeParam: string;
  readonly size: number;
}

export type Paging = CursorPaging | OffsetPaging;

/** The mapped dot paths of an entity (`ListOptions.paths`). */
export type MappedPaths = readonly (readonly string[])[];

export interface ListDefinition {
  /** Default: the entity's path. */
  readonly path?: string;
  readonly query?: Query;
  /** Query parameters that ask only for the mapped paths (HubSpot `properties`, Tripletex `fields`). */
  select?(paths: MappedPaths | undefined): Query;
  readonly paging: Paging;
  /** Dot path of the records in a page (`results`, `values`). */
  readonly records: string;
  /**
   * Turns a listed item into the records the engine sees (Tripletex order
   * lines out of orders); may ask the API for more (HubSpot associations past
   * the inline share).
   */
  transform?(item: AnyRecord, client: RestClient): readonly AnyRecord[] | Promise<readonly AnyRecord[]>;
}

/** Context handed to every hook: the client plus what the definition knows about the entity. */
export interface EntityContext {
  readonly client: RestClient;
  readonly entity: string;
  readonly definition: RestEntity;
  /** Lists every page of `list` with extra query parameters (the paging as defined). */
  listAll(options: { paths?: MappedPaths; query?: Query }): AsyncIterable<readonly AnyRecord[]>;
}

export interface ChangesDefinition {
  /**
   * A filter on the listing: the query parameters that keep only records
   * changed since `from` (ISO 8601, the cursor minus the lookback). The pages
   * carry the cursor of the start until the last, which carries `until`.
   */
  query?(from: string): Query;
  /** Or the whole change stream as code (HubSpot search). */
  pages?(context: EntityContext, request: ChangesRequest, lookbackMs: number): AsyncIterable<ChangePage>;
}

export interface CreateDefinition {
  /** Default: POST to the entity's path. */
  readonly path?: string;
  body?(values: AnyRecord): unknown;
  /** Dot path of the new id in the answer (`id`, `value.id`). */
  readonly id: string;
  /** Creates many in one request (hook: request and per-item results, in order). */
  many?(context: EntityContext, values: readonly AnyRecord[]): Promise<readonly CreateResult[]>;
}

export interface UpdateDefinition {
  readonly method: 'PUT' | 'PATCH';
  /** Default: `<entity path>/{id}`. */
  readonly path?: string;
  /** What to send: the changed paths of the record (and what the API needs besides, like `version`). */
  body(record: AnyRecord, changed: readonly PathSpec[], id: RecordId): unknown;
  many?(context: EntityContext, items: readonly UpdateItem[]): Promise<readonly UpdateResult[]>;
}

export interface RestEntity {
  /** Where the entity's records live (`/crm/v3/objects/contacts`, `/customer`). */
  readonly path: string;
  /** Dot path of the id in a record; default `id`. */
  readonly idPath?: string;
  /** Dot path of the record in a one-record answer (`value` for Tripletex); default the whole body. */
  readonly single?: string;
  readonly list: ListDefinition;
  readonly changes?: ChangesDefinition;
  /** A fresh read by id; default GET `<path>/{id}` with `single`. False: the API has none. */
  readonly get?: false | { readonly path?: string; select?(paths: MappedPaths | undefined): Query };
  readonly create?: CreateDefinition;
  readonly update?: UpdateDefinition;
  /** Settles a create that may have happened: the id of the record these values made, if any. */
  findCreated?(context: EntityContext, values: AnyRecord): Promise<RecordId | undefined>;
  /** Why a listed record counts as deleted in the system (`SystemAdapter.removed`), or undefined. */
  removed?(record: AnyRecord): string | undefined;
  /** When a record last changed (for the engine's cursor); default `updatedAt`. */
  updatedAt?(record: AnyRecord): string | undefined;
}

export interface RestSystemDefinition {
  /** The system's name in messages (`HubSpot`). */
  readonly name: string;
  readonly baseUrl: string;
  readonly auth?: RestAuth;
  readonly limits?: RestLimits;
  readonly retry?: RetryPolicy;
  /** Per request; default 30,000 ms. A timed-out create is `MaybeCreated`. */
  readonly timeoutMs?: number;
  /** `SystemAdapter.lookbackMs`: how far before the cursor changes are read again. */
  readonly lookbackMs?: number;
  /** The API's id of a request, from its answer (header or body). */
  requestId?(response: { status: number; headers: Headers; body: unknown }): string | undefined;
  /** The API's own reading of an error answer, before the status decides (`undefined`: by status). */
  classify?(response: RestResponse): ErrorKind | undefined;
  /** A human message from an error body (HubSpot `message`, Tripletex `message` + validation messages). */
  describe?(response: RestResponse): string | undefined;
  /** The record fields an error body names (for `RecordRejected.fields`). */
  fields?(response: RestResponse): readonly string[];
  /** How long to wait before the next request, from any answer's headers (`X-Rate-Limit-Remaining: 0`). */
  pause?(response: RestResponse, now: number): number | undefined;
  /** Wait asked by an error answer beyond `Retry-After` (Tripletex `X-Rate-Limit-Reset`). */
  retryAfter?(response: RestResponse, now: number): number | undefined;
  readonly entities: Readonly<Record<string, RestEntity>>;
  /** Test seams. */
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
}
