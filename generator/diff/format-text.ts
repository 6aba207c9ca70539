/** Prints a diff report as text for review: grouped by document and flow, with spec line numbers. */
import pc from 'picocolors';
import { plural } from '../../runtime/plural.js';
import type { Change, DiffReport, DocumentDiff } from './change.js';

export function formatDiffText(report: DiffReport, color = false): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const doc of report.documents) {
    lines.push(c.bold(doc.name) + c.dim(`  ${files(doc)}`));
    let group = '';
    for (const change of doc.changes) {
      const heading = flowHeading(change);
      if (heading !== group) {
        group = heading;
        if (heading) lines.push(`  ${c.cyan(heading)}`);
      }
      const indent = heading ? '    ' : '  ';
      const tag = change.accepted ? c.yellow('accepted  ') : change.severity === 'breaking' ? c.red('breaking  ') : c.green('compatible');
      lines.push(`${indent}${tag}  ${change.message}${c.dim(where(change))}`);
      if (change.severity === 'breaking') lines.push(`${indent}            ${c.dim(`why: ${change.reason}`)}`);
      if (change.accepted) lines.push(`${indent}            ${c.dim(`accepted in the config${change.accepted.reason ? `: ${change.accepted.reason}` : ''}`)}`);
    }
    lines.push('');
  }
  const [summary, ...rest] = diffSummary(report);
  lines.push(report.breaking > 0 ? c.red(summary!) : summary!);
  for (const line of rest) lines.push(line);
  return lines.join('\n') + '\n';
}

/** The closing lines: counts, and the documents left out for parse errors. */
export function diffSummary(report: DiffReport): string[] {
  const changed = report.documents.length;
  const accepted = report.accepted ?? 0;
  const summary =
    report.breaking + report.compatible + accepted === 0
      ? `No changes in ${report.compared} document${report.compared === 1 ? '' : 's'}.`
      : `${report.breaking} breaking, ${accepted > 0 ? `${accepted} accepted, ` : ''}${report.compatible} compatible change${report.breaking + report.compatible + accepted === 1 ? '' : 's'} in ${changed} of ${report.compared} document${report.compared === 1 ? '' : 's'}.`;
  const lines = [summary];
  if (report.skipped.length > 0) lines.push(`${plural(report.skipped.length, 'document')} not compared because of parse errors: ${report.skipped.map((s) => s.name).join(', ')}`);
  return lines;
}

function files(doc: DocumentDiff): string {
  if (doc.oldFile && doc.newFile) return `${doc.oldFile} -> ${doc.newFile}`;
  return doc.oldFile ?? doc.newFile ?? '';
}

function flowHeading(change: Change): string {
  if (!change.flow) return '';
  const { old, new: now } = change.flow;
  const title = now?.title ?? old?.title ?? '';
  const at = [old ? `old line ${old.line}` : '', now ? `new line ${now.line}` : ''].filter(Boolean).join(', ');
  return `${title} (${at})`;
}

function where(change: Change): string {
  // Flow-level changes sit at the flow's title line, which the heading already shows.
  if (change.flow && change.oldLine === (change.flow.old?.line ?? null) && change.newLine === (change.flow.new?.line ?? null)) return '';
  const parts = [change.oldLine !== null ? `old :${change.oldLine}` : '', change.newLine !== null ? `new :${change.newLine}` : ''].filter(Boolean);
  return parts.length ? `  [${parts.join(', ')}]` : '';
}
