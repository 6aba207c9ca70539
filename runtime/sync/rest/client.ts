/**
 * The HTTP client under every REST adapter: Node's fetch, paced by p-queue,
 * retried by p-retry with backoff that honours Retry-After, and every failure
 * classified (retry, maybe-sent, reject, conflict, abort) with the API's request id.
 */
import PQueue from 'p-queue';
import pRetry from 'p-retry';
import { realClock } from './clock.js';
import { RestError, withRequestId, type FailureKind } from './rest-error.js';
import { retryAfterMs } from './retry-after.js';
import type { ErrorKind, PacingBucket, Query, RestClient, RestRequest, RestResponse, RestSystemDefinition } from './types.js';

/** Network failures that happen before a byte of the request can have reached the server. */
const BEFORE_SEND = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export interface ClientStats {
  requests: number;
  retries: number;
  /** Total ms waited for backoff, Retry-After and rate-limit pauses. */
  waitedMs: number;
}

export interface CreatedClient extends RestClient {
  readonly stats: ClientStats;
  /**
   * How far the server's clock is ahead of `clock` (ms, negative: behind), from
   * the `Date` header of the latest answer; undefined before the first answer
   * or when the server sends none.
   */
  clockOffsetMs(): number | undefined;
}

export function createClient(definition: RestSystemDefinition): CreatedClient {
  const clock = definition.clock ?? realClock;
  const doFetch = definition.fetch ?? globalThis.fetch;
  const base = definition.baseUrl.replace(/\/+$/, '');
  const limits = definition.limits ?? {};
  const policy = { retries: 5, baseMs: 500, maxMs: 60_000, ...definition.retry };
  const timeoutMs = definition.timeoutMs ?? 30_000;
  const stats: ClientStats = { requests: 0, retries: 0, waitedMs: 0 };
  const queues = new Map<string, PQueue>();
  const queueFor = (bucket: PacingBucket | undefined, concurrency: number) =>
    new PQueue(bucket ? { concurrency, interval: bucket.intervalMs, intervalCap: bucket.requests } : { concurrency });
  const main = queueFor(limits.default, limits.concurrency ?? 4);
  // A bucket is a budget of its own (HubSpot search is exempt from the ten-secondly limit and has 5/s).
  for (const [name, bucket] of Object.entries(limits.buckets ?? {})) queues.set(name, queueFor(bucket, limits.concurrency ?? 4));

  // A wait every request honours: a rate limit reached is reached for all of them.
  let pausedUntil = 0;
  // When the last answer came (real time): a pooled connection idle for long may have been closed by the server.
  let lastAnswer = performance.now();
  let session: Promise<Record<string, string>> | undefined;
  let offset: number | undefined;

  const client: CreatedClient = { request, clock, stats, clockOffsetMs: () => offset };

  async function wait(ms: number): Promise<void> {
    if (ms <= 0) return;
    stats.waitedMs += ms;
    await clock.sleep(ms);
  }

  async function authHeaders(): Promise<Record<string, string>> {
    const auth = definition.auth ?? { kind: 'none' };
    switch (auth.kind) {
      case 'none':
        return {};
      case 'bearer':
        if (!auth.token) throw new RestError('abort', `${definition.name}: no access token; ${auth.missing ?? 'pass one in the auth of the definition'}`);
        return { authorization: `Bearer ${auth.token}` };
      case 'basic':
        return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
      case 'session':
        session ??= auth.open(client).catch((error: unknown) => {
          session = undefined;
          throw error;
        });
        return session;
    }
  }

  async function send(request: RestRequest): Promise<RestResponse> {
    const until = pausedUntil - clock.now();
    if (until > 0) await wait(until);
    const url = base + request.path + queryString(request.query);
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers, ...(request.anonymous ? {} : await authHeaders()) };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (!(request.idempotent ?? request.method !== 'POST') && performance.now() - lastAnswer > IDLE_MS) {
      // After a pause (the engine computing), the server may have closed idle keep-alive connections while
      // nothing read their close. Written to, such a connection gives ECONNRESET: for a create, an uncertain
      // outcome. Two turns of the event loop let the close be read first, so a fresh connection is used.
      await nextTurn();
      await nextTurn();
    }
    stats.requests++;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? null : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      lastAnswer = performance.now();
      throw networkFailure(request, error);
    }
    lastAnswer = performance.now();
    // `Date` has whole seconds and left the server before the answer arrived: server time is at least
    // this much ahead, so a cursor taken from it errs early (read again), never late (lost).
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(date)) offset = date - clock.now();
    const body = parseBody(text);
    const requestId = definition.requestId?.({ status: response.status, headers: response.headers, body });
    const answer: RestResponse = { status: response.status, headers: response.headers, body, requestId };
    const pause = definition.pause?.(answer, clock.now());
    if (pause !== undefined && pause > 0) pausedUntil = Math.max(pausedUntil, clock.now() + pause);
    return answer;
  }

  function networkFailure(request: RestRequest, error: unknown): RestError {
    const code = errorCode(error);
    const idempotent = request.idempotent ?? request.method !== 'POST';
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const beforeSend = code !== undefined && BEFORE_SEND.has(code);
    const what = timedOut ? `no answer within ${timeoutMs} ms` : `network error ${code ?? (error instanceof Error ? error.message : String(error))}`;
    const kind: FailureKind = beforeSend || idempotent ? 'retry' : 'maybe-sent';
    const message =
      kind === 'maybe-sent'
        ? `${definition.name} ${request.method} ${request.path}: ${what} after the request was sent; it may have been carried out`
        : `${definition.name} ${request.method} ${request.path}: ${what}`;
    return new RestError(kind, message, { cause: error });
  }

  function failure(request: RestRequest, response: RestResponse): RestError {
    const idempotent = request.idempotent ?? request.method !== 'POST';
    const verdict: ErrorKind | undefined = definition.classify?.(response);
    const kind = verdict === 'auth' ? 'abort' : verdict ?? byStatus(response.status, idempotent);
    const detail = definition.describe?.(response) ?? (typeof response.body === 'string' ? response.body.slice(0, 300) : undefined);
    const wait = kind === 'retry' ? retryAfterMs(response.headers, clock.now()) ?? definition.retryAfter?.(response, clock.now()) : undefined;
    const said = `${definition.name} ${request.method} ${request.path} answered ${response.status}${detail ? `: ${detail}` : ''}`;
    const message =
      kind === 'abort' && (response.status === 401 || response.status === 403)
        ? `${said}; the credentials were refused, so the run stops`
        : kind === 'maybe-sent'
          ? `${said}; the request may have been carried out`
          : said;
    return new RestError(kind, withRequestId(message, response.requestId), {
      status: response.status,
      requestId: response.requestId,
      body: response.body,
      retryAfterMs: wait,
      fields: definition.fields?.(response) ?? [],
    });
  }

  async function attempt(request: RestRequest): Promise<RestResponse> {
    let response = await send(request);
    if (response.status === 401 && definition.auth?.kind === 'session' && !request.anonymous) {
      // Sessions expire: open a new one once, then the answer stands.
      session = undefined;
      response = await send(request);
    }
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status === 304) return response;
    const error = failure(request, response);
    if (error.kind === 'retry' && error.retryAfterMs !== undefined) {
      pausedUntil = Math.max(pausedUntil, clock.now() + Math.min(error.retryAfterMs, policy.maxMs));
    }
    throw error;
  }

  function paced(request: RestRequest, run: () => Promise<RestResponse>): Promise<RestResponse> {
    const queue = (request.bucket ? queues.get(request.bucket) : undefined) ?? main;
    return queue.add(run) as Promise<RestResponse>;
  }

  async function request(request: RestRequest): Promise<RestResponse> {
    try {
      return await pRetry(() => paced(request, () => attempt(request)), {
        retries: policy.retries,
        // p-retry counts and stops; the wait is ours (Retry-After first, through the injectable clock).
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: async ({ error, retriesConsumed }) => {
          if (!(error instanceof RestError) || error.kind !== 'retry') return false;
          stats.retries++;
          const backoff = Math.min(policy.baseMs * 2 ** retriesConsumed, policy.maxMs);
          const asked = error.retryAfterMs === undefined ? undefined : Math.min(error.retryAfterMs, policy.maxMs);
          // A Retry-After already set the shared pause; otherwise back off.
          if (asked === undefined) await wait(backoff);
          else await wait(pausedUntil - clock.now());
          return true;
        },
      });
    } catch (error) {
      if (error instanceof RestError && error.kind === 'retry') {
        throw new RestError('retry', `${error.message}, still after ${policy.retries + 1} attempts`, {
          ...(error.status === undefined ? {} : { status: error.status }),
          requestId: error.requestId,
          body: error.body,
          cause: error.cause ?? error,
        });
      }
      throw error;
    }
  }

  return client;
}

const IDLE_MS = 1000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function byStatus(status: number, idempotent: boolean): FailureKind {
  if (status === 401 || status === 403) return 'abort';
  if (status === 404) return 'not-found';
  if (status === 429) return 'retry';
  // 503 says the server did not take the request on; other 5xx after a create leave it open.
  if (status >= 500) return idempotent || status === 503 ? 'retry' : 'maybe-sent';
  return 'reject';
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
