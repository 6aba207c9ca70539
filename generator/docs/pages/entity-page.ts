/** One system entity across all specs (the catalog): every field any flow reads or writes, its types, and the flows that use it. */
import { compare, type EntityEntry, type FieldUse } from '../../catalog/catalog.js';
import { plural } from '../../../runtime/plural.js';
import type { Finding } from '../../lint/finding.js';
import { html, type SafeHtml } from '../html.js';
import { entityLabel, entityPath, fieldAnchor, flowPath, linePath, systemLabel, systemPath } from '../links.js';
import { diagnosticList, page, severityBadges } from './layout.js';

export function entityPage(entity: EntityEntry, findings: readonly Finding[], specFile: (pageId: string) => { relativePath: string } | undefined): string {
  const flows = [...new Set([...entity.asSource, ...entity.asTarget])];
  const specs = new Set(flows.map((f) => f.spec));
  const shownFindings = findings.map((f) => {
    const spec = flows.find((x) => x.spec.pageId === f.spec)?.spec;
    const place = `${specFile(f.spec)?.relativePath ?? f.file}:${f.line}`;
    return { ...f, href: spec ? `../${linePath(spec, f.line)}` : '#', place };
  });
  const flowList = (list: typeof entity.asSource, other: 'source' | 'target') =>
    list.length
      ? html`<ul>${list.map((f) => html`<li><a href="../${flowPath(f)}">${f.flow.title}</a> <span class="type-kind">${other === 'target' ? 'to' : 'from'} <a href="../${entityPath(f[other])}">${entityLabel(f[other])}</a> · ${f.spec.relativePath}</span></li>`)}</ul>`
      : html`<p class="empty-note">none</p>`;

  const body = html`<h1>${entityLabel(entity)}</h1>
<p class="meta"><span>entity of <a href="../${systemPath(entity.system)}">${systemLabel(entity.system)}</a></span><span>${plural(entity.fields.size, 'field')}</span><span>used by ${plural(flows.length, 'flow')} in ${plural(specs.size, 'spec')}</span></p>
<h2 id="findings">Findings ${severityBadges(findings)}</h2>
${diagnosticList(shownFindings, 'No lint findings about this entity.')}
<h2 id="fields">Fields</h2>
${entity.fields.size ? fieldTable(entity) : html`<p class="empty-note">No flow maps a field of this entity yet.</p>`}
<h2 id="read-by">Read by (flows from ${entity.entity})</h2>
${flowList(entity.asSource, 'target')}
<h2 id="written-by">Written by (flows into ${entity.entity})</h2>
${flowList(entity.asTarget, 'source')}`;
  return page({ title: entityLabel(entity), root: '../', body });
}

function fieldTable(entity: EntityEntry): SafeHtml {
  return html`<table><thead><tr><th>field</th><th>types (as a target)</th><th>written by</th><th>read by</th><th>merge key in</th></tr></thead><tbody>${[...entity.fields.values()].map((field) => {
    const writes = field.uses.filter((u) => u.side === 'target' && u.role === 'property');
    const reads = field.uses.filter((u) => u.side === 'source' && u.role === 'property');
    const merges = field.uses.filter((u) => u.role === 'merge');
    const types = new Map<string, number>();
    for (const u of writes) types.set(u.type!.raw, (types.get(u.type!.raw) ?? 0) + 1);
    return html`<tr id="${fieldAnchor(entity, field.key)}"><td><code>${field.key || '(empty)'}</code></td><td>${[...types.entries()]
      .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
      .map(([raw, n]) => html`<div><code>${raw}</code>${types.size > 1 ? html` <span class="type-kind">×${n}</span>` : null}</div>`)}</td><td>${uses(writes, 'from')}</td><td>${uses(reads, 'to')}</td><td>${uses(merges, '=')}</td></tr>`;
  })}</tbody></table>`;
}

function uses(list: readonly FieldUse[], word: string): SafeHtml {
  return html`${list.map(
    (u) => html`<div><a href="../${flowPath(u.flow)}">${u.flow.flow.title}</a> <span class="type-kind">${word} <code>${u.other.raw}</code> · <a href="../${linePath(u.flow.spec, u.line)}">${u.flow.spec.relativePath}:${u.line}</a></span></div>`,
  )}`;
}
