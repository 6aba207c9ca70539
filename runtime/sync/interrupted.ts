/**
 * A run stopped by its caller (`SyncOptions.signal`, the CLI's Ctrl-C): a
 * `SyncAborted` like a stop by a system, thrown once the chunk being written
 * is written and recorded, carrying the report of what the run did so far.
 */
import { isSyncAborted, SyncAborted } from './adapter.js';
import type { FlowReport, SyncReport } from './report.js';

export class SyncInterrupted extends SyncAborted {
  /** Marks the stop as the caller's, not a system's (the name stays `SyncAborted`: every abort path treats it alike). */
  readonly interrupted = true;
  /**
   * The flows run so far, the last one as far as it got: its counts are what was written and recorded (a link
   * matched but not yet written is not counted). Flows not started are not listed.
   */
  report: SyncReport = { flows: [] };
  /** The flow the run was in when it stopped (set by the engine). */
  flow: FlowReport | undefined;
  constructor(reason?: unknown) {
    super(`interrupted${reasonText(reason)}`, reason === undefined ? {} : { cause: reason });
  }
}

export function isSyncInterrupted(error: unknown): error is SyncInterrupted {
  return isSyncAborted(error) && (error as { interrupted?: unknown }).interrupted === true;
}

/** Throws `SyncInterrupted` when the signal is aborted. */
export function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SyncInterrupted(signal.reason);
}

/** A turn of the event loop, so a signal handler (SIGINT), a timer or an abort gets its say in a long run. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function reasonText(reason: unknown): string {
  // AbortController.abort() without a reason gives a DOMException named AbortError: nothing to add.
  if (reason === undefined || (reason instanceof Error && reason.name === 'AbortError')) return '';
  return `: ${reason instanceof Error ? reason.message : String(reason)}`;
}
