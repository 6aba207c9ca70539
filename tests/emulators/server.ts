/**
 * The harness under both API emulators: a node:http server on 127.0.0.1 with
 * an ephemeral port, a clock the test controls, a request log, fault injection
 * (a reset before or after the request is carried out, a slow answer, a
 * status, a change of state at a given request) and a check of every answer
 * against the API's schema.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface EmulatorAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Schema name the body must fit (checked when the emulator has a contract). */
  readonly schema?: string;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  /** The status answered; 0 when the connection was reset. */
  status: number;
  /** Emulator clock time when it came in. */
  readonly at: number;
}

export type FaultKind =
  /** The connection is dropped before anything is carried out. */
  | 'reset-before'
  /** Carried out, then the connection is dropped without an answer. */
  | 'reset-after'
  /** Carried out, answered after `delayMs` (real time). */
  | 'slow'
  /** Answered with `status` (and headers, body) instead, nothing carried out. */
  | 'status'
  /** `run` is called first (an insert that shifts an offset scan), then the request goes on. */
  | 'before';

export interface Fault {
  readonly method?: string;
  /** Exact path or a pattern. */
  readonly path?: string | RegExp;
  readonly kind: FaultKind;
  /** How many matching requests it hits; default 1. */
  times?: number;
  /** Skip this many matching requests first. */
  skip?: number;
  readonly delayMs?: number;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** For `before`: returning 'reset' drops the connection before the request is carried out. */
  readonly run?: () => void | 'reset';
}

/** Emulator time: starts at a fixed instant and moves only when the test says. */
export class EmulatorClock {
  constructor(private current = Date.parse('2026-01-15T09:00:00.000Z')) {}
  now(): number {
    return this.current;
  }
  iso(): string {
    return new Date(this.current).toISOString();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

export interface Emulator {
  readonly url: string;
  readonly clock: EmulatorClock;
  readonly log: LoggedRequest[];
  /** Answers that did not fit the API's schema (tests expect none). */
  readonly violations: string[];
  inject(fault: Fault): void;
  /** Requests served, by method (kept even without the log). */
  readonly served: Map<string, number>;
  /** Requests by method and path pattern, for "exactly one POST". */
  count(method: string, path?: string | RegExp): number;
  close(): Promise<void>;
}

export interface EmulatorOptions {
  readonly clock?: EmulatorClock;
  readonly check?: (schema: string, body: unknown) => string | undefined;
  /** Headers on every answer (a request id). */
  readonly headers?: (request: EmulatorRequest) => Record<string, string>;
  /** Keep the log (off for benchmarks: 100,000s of entries). */
  readonly log?: boolean;
}

const matches = (pattern: string | RegExp | undefined, path: string) =>
  pattern === undefined || (typeof pattern === 'string' ? pattern === path : pattern.test(path));

export async function startEmulator(
  handle: (request: EmulatorRequest) => EmulatorAnswer | Promise<EmulatorAnswer>,
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const clock = options.clock ?? new EmulatorClock();
  const log: LoggedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  const keepLog = options.log ?? true;
  const served = new Map<string, number>();

  const take = (method: string, path: string): Fault | undefined => {
    for (const fault of faults) {
      if ((fault.method && fault.method !== method) || !matches(fault.path, path) || (fault.times ?? 1) <= 0) continue;
      if ((fault.skip ?? 0) > 0) {
        fault.skip = (fault.skip ?? 0) - 1;
        continue;
      }
      fault.times = (fault.times ?? 1) - 1;
      return fault;
    }
    return undefined;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const request: EmulatorRequest = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body };
        const entry: LoggedRequest = { method: request.method, path: request.path, query: Object.fromEntries(url.searchParams), body, status: 0, at: clock.now() };
        if (keepLog) log.push(entry);
        served.set(request.method, (served.get(request.method) ?? 0) + 1);
        const fault = take(request.method, request.path);
        if (fault?.kind === 'reset-before') {
          req.socket.destroy();
          return;
        }
        if (fault?.run?.() === 'reset') {
          req.socket.destroy();
          return;
        }
        let answer: EmulatorAnswer;
        if (fault?.kind === 'status') {
          answer = { status: fault.status ?? 500, ...(fault.headers ? { headers: fault.headers } : {}), body: fault.body };
        } else {
          try {
            answer = await handle(request);
          } catch (error) {
            answer = { status: 500, body: { message: String(error) } };
          }
        }
        if (fault?.kind === 'reset-after') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
        if (answer.schema && options.check && answer.body !== undefined) {
          const problem = options.check(answer.schema, answer.body);
          if (problem) violations.push(`${request.method} ${request.path} ${answer.status}: ${problem}`);
        }
        entry.status = answer.status;
        // The server's own clock, as real APIs send it (whole seconds).
        const headers = { date: new Date(clock.now()).toUTCString(), ...options.headers?.(request), ...answer.headers };
        if (answer.body === undefined) {
          res.writeHead(answer.status, headers).end();
        } else {
          res.writeHead(answer.status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(answer.body));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    log,
    served,
    violations,
    inject: (fault) => faults.push(fault),
    count: (method, path) => log.filter((e) => e.method === method && matches(path, e.path)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
