/**
 * One spec: its flows drawn between the entities they connect (each edge
 * links to its flow), and per flow its rules in plain words, merge criteria,
 * property table with types (and coverage, when a sync state was given),
 * diagnostics and lint findings, each linked to the spec line.
 */
import { refKey, type Catalog, type CatalogFlow } from '../../catalog/catalog.js';
import { plural } from '../../../runtime/plural.js';
import type { DataType, Flow } from '../../ir.js';
import { creationRuleLine } from '../../model/link-rules.js';
import { createFlowIdentities } from '../../model/spec-model.js';
import type { LoadedSpec } from '../../catalog/load-specs.js';
import type { Finding } from '../../lint/finding.js';
import { rowKey, type FlowCoverage } from '../coverage-view.js';
import { flowRulesInWords, type PredicatePlace } from '../flow-words.js';
import { renderGraph, type GraphEdge, type GraphNode } from '../graph-svg.js';
import { html, type SafeHtml } from '../html.js';
import { entityLabel, entityPath, fieldPath, flowAnchor, linePath, systemLabel, systemPath } from '../links.js';
import { diagnosticList, page, severityBadges, type ShownDiagnostic } from './layout.js';

export interface SpecPageInput {
  catalog: Catalog;
  spec: LoadedSpec;
  findings: readonly Finding[];
  coverage?: Map<string, FlowCoverage> | undefined;
  /** The predicates folder as the page names it (relative to the project: `predicates`). */
  predicates?: string;
}

export function specPage({ catalog, spec, findings, coverage, predicates = 'predicates' }: SpecPageInput): string {
  const flows = catalog.flowsBySpec.get(spec.pageId) ?? [];
  const { document } = spec;
  const source = flows[0]?.source.system ?? catalog.systems.get(systemKeyOf(document.sourceSystem));
  const target = flows[0]?.target.system ?? catalog.systems.get(systemKeyOf(document.targetSystem));
  const rows = flows.reduce((n, f) => n + f.flow.properties.length, 0);
  const place = (line: number): ShownDiagnostic['place'] => `${spec.relativePath}:${line}`;
  const shown = (d: { severity: Finding['severity']; message: string; code: string; line: number }): ShownDiagnostic => ({
    ...d,
    href: `../${linePath(spec, d.line)}`,
    place: place(d.line),
  });
  // The predicate names generate gives (spec-model.ts), in the user's file of this spec.
  const identities = createFlowIdentities(document);
  const predicateOf = (f: CatalogFlow): PredicatePlace | undefined => {
    const name = identities[document.flows.indexOf(f.flow)]?.predicateName;
    return name ? { name, file: `${predicates}/${spec.slug}.ts` } : undefined;
  };
  const lintOnly = findings.filter((f) => !document.diagnostics.some((d) => d.code === f.code && d.line === f.line && d.message === f.message));

  const body = html`<h1>${document.title || spec.relativePath}</h1>
<p class="meta"><span class="mono">${spec.relativePath}</span>${document.generatedAt ? html`<span>generated ${document.generatedAt}</span>` : null}<span>${source ? html`<a href="../${systemPath(source)}">${systemLabel(source)}</a>` : '(no source)'} → ${target ? html`<a href="../${systemPath(target)}">${systemLabel(target)}</a>` : '(no target)'}</span><span>${flows.length} flow${flows.length === 1 ? '' : 's'}, ${rows} property rows</span><span><a href="../${linePath(spec, 1)}">source text</a></span>${coverage ? html`<span>coverage from ${maxRuns(coverage)} sync run${maxRuns(coverage) === 1 ? '' : 's'}</span>` : null}</p>
${flows.length > 0 ? html`<div class="map" id="flow-map">${flowMap(flows)}</div>` : html`<p class="empty-note">This document has no flow sections.</p>`}
<h2 id="diagnostics">Diagnostics ${severityBadges(document.diagnostics)}</h2>
${diagnosticList(document.diagnostics.map(shown), 'The parser reported nothing for this document.')}
<h2 id="findings">Lint findings ${severityBadges(lintOnly)}</h2>
${diagnosticList(lintOnly.map(shown), 'No lint findings.')}
<h2 id="flows">Flows</h2>
<ol>${flows.map((f) => html`<li><a href="#${flowAnchor(f)}">${f.flow.title}</a> <span class="type-kind">${plural(f.flow.properties.length, 'row')}</span>${severityBadges(findings.filter((x) => inFlow(x, f, flows)))}</li>`)}</ol>
${flows.map((f) => flowSection(f, findings.filter((x) => inFlow(x, f, flows)).map(shown), coverage?.get(f.id), predicateOf(f)))}`;
  return page({ title: document.title || spec.relativePath, root: '../', body });
}

function systemKeyOf(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function maxRuns(coverage: Map<string, FlowCoverage>): number {
  let runs = 0;
  for (const c of coverage.values()) runs = Math.max(runs, c.runs);
  return runs;
}

/** A finding belongs to the flow whose section holds its line. */
function inFlow(finding: Finding, flow: CatalogFlow, flows: readonly CatalogFlow[]): boolean {
  const next = flows.find((f) => f.flow.line > flow.flow.line);
  return finding.line >= flow.flow.line && (next === undefined || finding.line < next.flow.line);
}

function flowMap(flows: readonly CatalogFlow[]): SafeHtml {
  const nodes = new Map<string, GraphNode>();
  for (const f of flows) {
    const s = `s:${f.source.pageId}`;
    const t = `t:${f.target.pageId}`;
    nodes.set(s, { id: s, label: f.source.entity || '(no entity)', note: systemLabel(f.source.system), href: `../${entityPath(f.source)}`, kind: 'source' });
    nodes.set(t, { id: t, label: f.target.entity || '(no entity)', note: systemLabel(f.target.system), href: `../${entityPath(f.target)}`, kind: 'target' });
  }
  const edges: GraphEdge[] = flows.map((f) => ({
    id: f.id,
    from: `s:${f.source.pageId}`,
    to: `t:${f.target.pageId}`,
    href: `#${flowAnchor(f)}`,
    label: plural(f.flow.properties.length, 'row'),
    title: `${f.flow.title}: ${plural(f.flow.properties.length, 'property row')}`,
    kind: f.flow.properties.length === 0 ? 'empty' : '',
  }));
  return renderGraph([...nodes.values()], edges, { className: 'flow-map', title: 'The flows of this spec, between the entities they connect', ranksep: 160, bipartite: true });
}

/** The DTL expression as restored by the parser (brackets the publisher lost put back), when it differs from the cell. */
function dtl(type: DataType): SafeHtml | null {
  if (type.expression === undefined) return null;
  const restored = JSON.stringify(type.expression);
  if (restored === type.raw) return null;
  return html`<div class="dtl">DTL <code>${restored}</code></div>`;
}

/** Where the spec writes the flow's rules, each sentence linked to its line. */
function sentences(flow: Flow, line: (n: number) => SafeHtml): SafeHtml | null {
  const names: [keyof Flow['sentenceLines'], string][] = [
    ['every', 'every record'],
    ['requiresLink', 'link required'],
    ['trigger', 'trigger'],
    ['createWhenConnectedTo', 'created when connected'],
    ['createWhenNoMatch', 'created when nothing matches'],
    ['mergeCriteria', 'merge criteria'],
  ];
  const written = names.filter(([key]) => flow.sentenceLines[key] !== undefined).sort((a, b) => flow.sentenceLines[a[0]]! - flow.sentenceLines[b[0]]!);
  if (written.length === 0) return null;
  return html`<p class="meta rule-lines">As written: ${written.map(([key, name], i) => html`${i > 0 ? ', ' : ''}${name} ${line(flow.sentenceLines[key]!)}`)}</p>`;
}

function flowSection(f: CatalogFlow, findings: readonly ShownDiagnostic[], coverage: FlowCoverage | undefined, predicate: PredicatePlace | undefined): SafeHtml {
  const { flow, spec } = f;
  const line = (n: number) => html`<a class="prov" href="../${linePath(spec, n)}">${spec.relativePath}:${n}</a>`;
  const field = (entity: CatalogFlow['source'], ref: { raw: string; path: string[]; conditions: { value: string; field: string[] }[] }) =>
    html`<a class="mono" href="../${fieldPath(entity, refKey(ref))}">${ref.raw || '(empty)'}</a>`;
  const tick = (n: number) => html`<span class="tick ${n > 0 ? 'yes' : 'no'}">${n > 0 ? '✓' : '·'}</span>`;
  const criteria = flow.mergeCriteria.length
    ? html`<h3>Merge criteria</h3><p>A ${flow.source.label} is linked to a ${flow.target.label} when any one of these pairs is equal (empty values never match):</p>
<table><thead><tr><th>${flow.source.label}</th><th>${flow.target.label}</th><th>line</th>${coverage ? html`<th class="num">links made</th>` : null}</tr></thead><tbody>${flow.mergeCriteria.map((c, i) => {
        const linked = coverage?.merge[`${c.source.raw} = ${c.target.raw}`] ?? 0;
        return html`<tr id="${flowAnchor(f)}-merge-${i + 1}"><td>${field(f.source, c.source)}</td><td>${field(f.target, c.target)}</td><td>${line(c.line)}</td>${coverage ? html`<td class="num">${tick(linked)} ${linked}</td>` : null}</tr>`;
      })}</tbody></table>`
    : null;
  const decisions = coverage && Object.keys(coverage.decisions).length > 0
    ? html`<h3>Creation decisions</h3><p>Decided by the rule at ${line(creationRuleLine(flow))}.</p><table><thead><tr><th>outcome</th><th class="num">records</th></tr></thead><tbody>${Object.entries(coverage.decisions)
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([outcome, n]) => html`<tr><td>${outcome}</td><td class="num">${n}</td></tr>`)}</tbody></table>`
    : null;
  const properties = flow.properties.length
    ? html`<table class="properties"><thead><tr><th>#</th><th>${flow.source.label}</th><th>${flow.target.label}</th><th>data type</th><th>line</th>${coverage ? html`<th class="num">→ target</th><th class="num">← source</th><th class="num">failed</th>` : null}</tr></thead><tbody>${flow.properties.map((row, i) => {
        const c = coverage?.rows[rowKey(refKey(row.source), refKey(row.target))];
        return html`<tr id="${flowAnchor(f)}-row-${i + 1}"><td>${coverage ? tick((c?.toTarget ?? 0) + (c?.toSource ?? 0)) : null} ${i + 1}</td><td>${field(f.source, row.source)}</td><td>${field(f.target, row.target)}</td><td><code>${row.type.raw}</code> <span class="type-kind">${row.type.kind}${row.type.format ? ` ${row.type.format}` : ''}</span>${dtl(row.type)}</td><td>${line(row.line)}</td>${coverage ? html`<td class="num">${c?.toTarget ?? 0}</td><td class="num">${c?.toSource ?? 0}</td><td class="num">${c?.failed ?? 0}</td>` : null}</tr>`;
      })}</tbody></table>`
    : html`<p class="empty-note">No property rows.</p>`;
  return html`<section class="flow" id="${flowAnchor(f)}">
<h2>${flow.title}</h2>
<p class="meta"><span><a href="../${entityPath(f.source)}">${entityLabel(f.source)}</a> → <a href="../${entityPath(f.target)}">${entityLabel(f.target)}</a></span><span>flow id <code>${f.id}</code></span><span>${line(flow.line)}</span>${coverage ? html`<span>${coverage.runs} sync run${coverage.runs === 1 ? '' : 's'}</span>` : null}</p>
<ul class="rules">${flowRulesInWords(flow, predicate).map((w) => html`<li>${w}</li>`)}</ul>
${sentences(flow, line)}
${criteria}
${decisions}
<h3>Properties</h3>
${properties}
${findings.length ? html`<h3>Findings</h3>${diagnosticList(findings, '')}` : null}
</section>`;
}
