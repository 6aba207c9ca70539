/** The sync report of contracts.md section 4, plus why records were skipped and which matches were ambiguous. */
import type { RecordId } from './ids.js';

export interface RecordError {
  record: RecordId | null;
  message: string;
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
  errors: RecordError[];
  skippedReasons: SkipReason[];
  ambiguousMatches: AmbiguousMatch[];
}

export interface SyncReport {
  flows: FlowReport[];
}

const EXAMPLES = 10;
/** Enough to see a pattern without flooding the report on a large run. */
const AMBIGUOUS_LISTED = 100;

export interface FlowReportBuilder {
  readonly report: FlowReport;
  skip(record: RecordId | null, reason: string): void;
  error(record: RecordId | null, message: string): void;
  ambiguous(match: AmbiguousMatch): void;
}

export function createFlowReport(id: string): FlowReportBuilder {
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
  };
  const reasons = new Map<string, SkipReason>();
  return {
    report,
    skip(record, reason) {
      report.skipped++;
      let entry = reasons.get(reason);
      if (!entry) {
        entry = { reason, count: 0, records: [] };
        reasons.set(reason, entry);
        report.skippedReasons.push(entry);
      }
      entry.count++;
      if (record !== null && entry.records.length < EXAMPLES) entry.records.push(record);
    },
    error(record, message) {
      report.errors.push({ record, message });
    },
    ambiguous(match) {
      if (report.ambiguousMatches.length < AMBIGUOUS_LISTED) report.ambiguousMatches.push(match);
    },
  };
}
