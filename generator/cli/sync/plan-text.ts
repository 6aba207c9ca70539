/** A dry run's decisions as text for stderr: per flow, each create with its values, update with field, old and new value, link, skip and gone record. */
import type { SyncReport } from '../../../runtime/sync/index.js';

/** Per flow and kind; the JSON report has them all. */
const SHOWN = 200;

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

export function planText(report: SyncReport): string {
  const lines: string[] = [];
  for (const flow of report.flows) {
    const plan = flow.plan;
    if (!plan) continue;
    const gone = plan.gone ?? [];
    const total = plan.creates.length + plan.updates.length + plan.links.length + plan.skips.length + gone.length;
    lines.push(`dry run: ${flow.id}: ${total === 0 ? 'nothing to do' : ''}`.trimEnd());
    const section = <T>(items: T[], line: (item: T) => string[]) => {
      for (const item of items.slice(0, SHOWN)) for (const text of line(item)) lines.push(text);
      if (items.length > SHOWN) lines.push(`  ... and ${items.length - SHOWN} more (all are in the JSON report)`);
    };
    section(plan.links, (l) => [`  link   ${show(l.record)} -> ${show(l.target)} (by ${l.by})`]);
    section(plan.creates, (c) => [`  create for ${show(c.record)}: ${show(c.values)}`]);
    section(plan.updates, (u) => [
      `  update ${u.side} ${show(u.id)} (for ${show(u.record)}):`,
      ...u.changes.map((c) => `    ${c.field}: ${show(c.old)} -> ${show(c.new)}`),
    ]);
    section(plan.skips, (s) => [`  skip   ${show(s.record)}: ${s.reason}`]);
    section(gone, (g) => [`  gone   ${g.side} ${show(g.id)} (for ${show(g.record)}): ${g.how}; its link is kept, nothing is created again`]);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
