/** The sync report of contracts.md section 4, plus why records were skipped and which matches were ambiguous. */
import type { FeedReport } from './feed.js';
import type { RecordId } from './ids.js';

export interface RecordError {
  record: RecordId | null;
  message: string;
  /** Which system's record `record` is: the flow's source (default) or its target. */
  side?: 'source' | 'target';
  /** For data folders: the file holding the record and its index in the file's array. */
  file?: string;
  index?: number;
  /** Every target field (property path) that failed, when the error is about values. */
  fields?: string[];
  /** The API's id of the failing request, when a system gave one. */
  requestId?: string;
}

/** What an error says beyond its record and message. */
export type ErrorDetails = Omit<RecordError, 'record' | 'message'>;

/** A dry run's account of one flow: what a real run would write, per record. */
export interface FlowPlanReport {
  creates: { record: RecordId; values: Record<string, unknown> }[];
  updates: {
    record: RecordId;
    /** The record written: the flow's target (`target`) or, edited there, its source (`source`). */
    side: 'source' | 'target';
    id: RecordId;
    changes: { field: string; old: unknown; new: unknown }[];
  }[];
  links: { record: RecordId; target: RecordId; by: string }[];
  skips: { record: RecordId | null; reason: string }[];
  /** Linked records gone from their system (present only when there are some). */
  gone?: GoneRecord[];
}

/** A linked record that is gone from its system (deleted, archived, inactive): reported, never re-created. */
export interface GoneRecord {
  /** The flow's source record of the link. */
  record: RecordId;
  /** Which side's record is gone. */
  side: 'source' | 'target';
  /** The gone record's own id (`record` itself, or its linked target's). */
  id: RecordId;
  /** `no longer listed`, or why its system counts it deleted (`archived`, `inactive`). */
  how: string;
}

export interface SkipReason {
  reason: string;
  count: number;
  /** The first few records skipped for this reason. */
  records: RecordId[];
}

export interface AmbiguousMatch {
  record: RecordId;
  /** The merge criterion row that matched (`properties.email = email`). */
  criterion: string;
  chosen: RecordId;
  candidates: RecordId[];
}

export interface FlowReport {
  id: string;
  /** Target records created (each also counts as one update). */
  created: number;
  /** Records written, in either direction, one per record however many properties changed. */
  updated: number;
  /** Links made this run by a merge criterion (or recovered after a crash). */
  linked: number;
  /** Linked pairs nothing had to be written to. */
  unchanged: number;
  /** Linked pairs where both sides changed the same property differently. */
  conflicts: number;
  skipped: number;
  /** Writes a system refused as stale (the record changed since it was read), each re-read and reconciled again. */
  writeConflicts?: number;
  errors: RecordError[];
  skippedReasons: SkipReason[];
  ambiguousMatches: AmbiguousMatch[];
  /**
   * Linked records gone from their systems, present only when there are some:
   * how many, and the first of them. Deletes are not propagated (a spec does
   * not describe them); the link stays, so neither side is created again.
   */
  gone?: { count: number; records: GoneRecord[] };
  /** Only in a dry run: every create, update, link and skip a real run would make. */
  plan?: FlowPlanReport;
}

export interface SyncReport {
  flows: FlowReport[];
  /** What each incremental read did (systems with `changes` only). */
  feeds?: FeedReport[];
}

const EXAMPLES = 10;
/** Enough to see a pattern without flooding the report on a large run. */
const AMBIGUOUS_LISTED = 100;

export interface FlowReportBuilder {
  readonly report: FlowReport;
  skip(record: RecordId | null, reason: string): void;
  error(record: RecordId | null, message: string, details?: ErrorDetails): void;
  ambiguous(match: AmbiguousMatch): void;
  gone(record: GoneRecord): void;
}

export function createFlowReport(id: string, options: { dryRun?: boolean } = {}): FlowReportBuilder {
  const report: FlowReport = {
    id,
    created: 0,
    updated: 0,
    linked: 0,
    unchanged: 0,
    conflicts: 0,
    skipped: 0,
    errors: [],
    skippedReasons: [],
    ambiguousMatches: [],
    ...(options.dryRun ? { plan: { creates: [], updates: [], links: [], skips: [] } } : {}),
  };
  const reasons = new Map<string, SkipReason>();
  return {
    report,
    skip(record, reason) {
      report.skipped++;
      report.plan?.skips.push({ record, reason });
      let entry = reasons.get(reason);
      if (!entry) {
        entry = { reason, count: 0, records: [] };
        reasons.set(reason, entry);
        report.skippedReasons.push(entry);
      }
      entry.count++;
      if (record !== null && entry.records.length < EXAMPLES) entry.records.push(record);
    },
    error(record, message, details) {
      report.errors.push(details ? { record, message, ...withoutUndefined(details) } : { record, message });
    },
    ambiguous(match) {
      if (report.ambiguousMatches.length < AMBIGUOUS_LISTED) report.ambiguousMatches.push(match);
    },
    gone(record) {
      report.gone ??= { count: 0, records: [] };
      report.gone.count++;
      if (report.gone.records.length < AMBIGUOUS_LISTED) report.gone.records.push(record);
      if (report.plan) (report.plan.gone ??= []).push(record);
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  const out = {} as T;
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
