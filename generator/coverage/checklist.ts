/**
 * A spec as a QA checklist with the counts of real sync runs: per flow its
 * creation decisions, each merge criterion and each property row, ticked
 * when real data went through it.
 */
import type { Document } from '../ir.js';
import { plural } from '../../runtime/plural.js';
import { refKey } from '../catalog/catalog.js';
import { rowKey, type FlowCoverage } from '../docs/coverage-view.js';
import { createFlowIdentities } from '../model/spec-model.js';
import { creationRuleLine } from '../model/link-rules.js';

export interface ChecklistRow {
  line: number;
  source: string;
  target: string;
  type: string;
  toTarget: number;
  toSource: number;
  failed: number;
}

export interface ChecklistFlow {
  id: string;
  title: string;
  line: number;
  runs: number;
  decisions: Record<string, number>;
  /** The line of the sentence that decides creation (the title's when the spec writes none). */
  creationLine: number;
  merge: { criterion: string; line: number; linked: number }[];
  rows: ChecklistRow[];
  /** Rows that carried a value either way, of all rows. */
  exercised: number;
}

export interface Checklist {
  spec: string;
  title: string;
  state: string;
  /** Whether the state records a sync run of this spec: when not, every count is 0 (the checklist still lists every item). */
  synced: boolean;
  /** Why nothing is counted, when nothing is: there is no state file yet, or no run of this spec in it. */
  note?: string;
  flows: ChecklistFlow[];
}

/** `coverage` undefined: the state holds nothing of this spec; `stateFound` false: there is no state file at all (no sync has run). */
export function createChecklist(
  document: Document,
  spec: string,
  state: string,
  coverage: Map<string, FlowCoverage> | undefined,
  stateFound = true,
): Checklist {
  const ids = createFlowIdentities(document);
  const flows = document.flows.map((flow, i): ChecklistFlow => {
    const id = ids[i]!.id;
    const c = coverage?.get(id);
    const rows = flow.properties.map((row) => {
      const counts = c?.rows[rowKey(refKey(row.source), refKey(row.target))];
      return {
        line: row.line,
        source: row.source.raw,
        target: row.target.raw,
        type: row.type.raw,
        toTarget: counts?.toTarget ?? 0,
        toSource: counts?.toSource ?? 0,
        failed: counts?.failed ?? 0,
      };
    });
    return {
      id,
      title: flow.title,
      line: flow.line,
      runs: c?.runs ?? 0,
      decisions: { ...(c?.decisions ?? {}) },
      creationLine: creationRuleLine(flow),
      merge: flow.mergeCriteria.map((m) => {
        const criterion = `${m.source.raw} = ${m.target.raw}`;
        return { criterion, line: m.line, linked: c?.merge[criterion] ?? 0 };
      }),
      rows,
      exercised: rows.filter((r) => r.toTarget + r.toSource > 0).length,
    };
  });
  const synced = flows.some((flow) => flow.runs > 0);
  const note = synced
    ? undefined
    : stateFound
      ? 'no sync of this spec is recorded in the state yet: every count is 0'
      : 'no sync has run yet (there is no state file): every count is 0';
  return { spec, title: document.title, state, synced, ...(note ? { note } : {}), flows };
}

export function checklistText(checklist: Checklist): string {
  const box = (n: number) => (n > 0 ? '[x]' : '[ ]');
  const lines: string[] = [`${checklist.spec}: ${checklist.title || '(no title)'}, coverage from ${checklist.state}${checklist.note ? ` (${checklist.note})` : ''}`];
  for (const flow of checklist.flows) {
    lines.push('', `${flow.title} (line ${flow.line}, flow ${flow.id}): ${flow.runs === 0 ? 'never synced' : plural(flow.runs, 'run')}, ${flow.exercised} of ${plural(flow.rows.length, 'row')} exercised`);
    const decisions = Object.entries(flow.decisions).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (decisions.length > 0) lines.push(`  line ${flow.creationLine}: creation: ${decisions.map(([outcome, n]) => `${outcome} ${n}`).join('; ')}`);
    for (const m of flow.merge) lines.push(`  ${box(m.linked)} line ${m.line}: merge ${m.criterion}: ${m.linked} link${m.linked === 1 ? '' : 's'}`);
    for (const r of flow.rows) {
      const failed = r.failed > 0 ? `, ${r.failed} failed` : '';
      lines.push(`  ${box(r.toTarget + r.toSource)} line ${r.line}: ${r.source} -> ${r.target} ${r.type}: ${r.toTarget} to target, ${r.toSource} to source${failed}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
