/** The stable `--json` form of a diff report (schema in the README section "Reviewing spec changes"). */
import type { DiffReport } from './change.js';

/** Bumped only when a field is renamed or removed; new fields may appear without a bump. */
export const DIFF_JSON_VERSION = 1;

export function formatDiffJson(report: DiffReport): string {
  const out = {
    version: DIFF_JSON_VERSION,
    old: report.old,
    new: report.new,
    breaking: report.breaking > 0,
    summary: {
      breaking: report.breaking,
      compatible: report.compatible,
      accepted: report.accepted ?? 0,
      documents: report.documents.length,
      compared: report.compared,
    },
    documents: report.documents.map((doc) => ({
      name: doc.name,
      oldFile: doc.oldFile,
      newFile: doc.newFile,
      renamedFrom: doc.renamedFrom ?? null,
      changes: doc.changes.map((c) => ({
        kind: c.kind,
        rule: c.rule,
        severity: c.severity,
        reason: c.reason,
        message: c.message,
        flow: c.flow,
        oldLine: c.oldLine,
        newLine: c.newLine,
        before: c.before,
        after: c.after,
        ...(c.row !== undefined ? { row: c.row } : {}),
        ...(c.accepted !== undefined ? { accepted: c.accepted } : {}),
      })),
    })),
    skipped: report.skipped,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
