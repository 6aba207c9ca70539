/**
 * The site's front page: the map of systems and the specs between them (laid
 * out by dagre; each edge links to its spec's flows), the list of specs, and
 * every system with its entities.
 */
import type { Catalog, SystemEntry } from '../../catalog/catalog.js';
import { noun, plural } from '../../../runtime/plural.js';
import type { Finding } from '../../lint/finding.js';
import { renderGraph, type GraphEdge, type GraphNode } from '../graph-svg.js';
import { html, type SafeHtml } from '../html.js';
import { entityPath, specPath, systemAnchor, systemLabel } from '../links.js';
import { page, severityBadges } from './layout.js';

export function indexPage(catalog: Catalog, findings: readonly Finding[]): string {
  const fields = [...catalog.systems.values()].reduce((n, s) => n + [...s.entities.values()].reduce((m, e) => m + e.fields.size, 0), 0);
  const entities = [...catalog.systems.values()].reduce((n, s) => n + s.entities.size, 0);
  const rows = catalog.flows.reduce((n, f) => n + f.flow.properties.length, 0);
  const bySpec = new Map<string, Finding[]>();
  for (const f of findings) bySpec.set(f.spec, [...(bySpec.get(f.spec) ?? []), f]);
  const body = html`<h1>Dataflows</h1>
<ul class="stats"><li><b>${catalog.specs.length}</b>${noun(catalog.specs.length, 'spec')}</li><li><b>${catalog.systems.size}</b>${noun(catalog.systems.size, 'system')}</li><li><b>${catalog.flows.length}</b>${noun(catalog.flows.length, 'flow')}</li><li><b>${rows}</b>${noun(rows, 'property row')}</li><li><b>${entities}</b>${noun(entities, 'entity', 'entities')}</li><li><b>${fields}</b>${noun(fields, 'field')}</li><li><b><a href="findings.html">${findings.length}</a></b>${noun(findings.length, 'lint finding')} ${severityBadges(findings)}</li></ul>
<h2 id="map">Systems and the specs between them</h2>
<p class="meta"><span>each arrow is one spec, from its source system to its target system; follow one to its flows${catalog.specs.length > GRAPH_MAX_EDGES ? ' (source systems on the left, target systems on the right; point at a system to see its specs)' : ''}</span></p>
${catalog.specs.length ? html`<div class="map" id="system-map">${systemMap(catalog)}</div>` : html`<p class="empty-note">No specs found.</p>`}
<h2 id="specs">Specs</h2>
<table><thead><tr><th>spec</th><th>title</th><th class="num">flows</th><th class="num">rows</th><th>findings</th></tr></thead><tbody>${catalog.specs.map((spec) => {
    const flows = catalog.flowsBySpec.get(spec.pageId) ?? [];
    return html`<tr><td><a class="mono" href="${specPath(spec)}">${spec.relativePath}</a></td><td>${spec.document.title || '(no title)'}</td><td class="num">${flows.length}</td><td class="num">${flows.reduce((n, f) => n + f.flow.properties.length, 0)}</td><td>${severityBadges([...spec.document.diagnostics.filter((d) => d.severity !== 'info'), ...(bySpec.get(spec.pageId) ?? []).filter((f) => !spec.document.diagnostics.some((d) => d.code === f.code && d.line === f.line))])}</td></tr>`;
  })}</tbody></table>
<h2 id="systems">Systems and their entities</h2>
<div class="columns">${[...catalog.systems.values()].map(systemBlock)}</div>`;
  return page({ title: 'Dataflows', root: '', body });
}

function systemBlock(system: SystemEntry): SafeHtml {
  const spellings = [...system.spellings.keys()].filter((n) => n !== system.name);
  return html`<div id="${systemAnchor(system)}"><h3>${systemLabel(system)}${spellings.length ? html` <span class="badge warning" title="also spelled">also ${spellings.join(', ')}</span>` : null}</h3><ul>${[...system.entities.values()].map(
    (e) => html`<li><a href="${entityPath(e)}">${e.entity || '(no entity)'}</a> <span class="type-kind">${plural(e.fields.size, 'field')}</span></li>`,
  )}</ul></div>`;
}

/** Up to this many specs the map is a graph of systems; beyond it, sources on the left and targets on the right. */
const GRAPH_MAX_EDGES = 40;

function systemMap(catalog: Catalog): SafeHtml {
  const key = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '') || '(none)';
  const specs = catalog.specs.filter((spec) => spec.document.title);
  // A dense map (hundreds of specs between a few dozen systems) drawn as one graph is a tangle:
  // two columns, each system once as a source and once as a target, keep every arrow readable.
  const split = specs.length > GRAPH_MAX_EDGES;
  const nodes: GraphNode[] = [];
  for (const s of catalog.systems.values()) {
    const id = s.key || '(none)';
    const base = { label: systemLabel(s), href: `#${systemAnchor(s)}`, kind: 'system' };
    if (!split) {
      nodes.push({ id, ...base, note: plural(s.entities.size, 'entity', 'entities') });
      continue;
    }
    const out = specs.filter((spec) => key(spec.document.sourceSystem) === id).length;
    const into = specs.filter((spec) => key(spec.document.targetSystem) === id).length;
    if (out > 0) nodes.push({ id: `from:${id}`, ...base, note: `to ${out} system${out === 1 ? '' : 's'}` });
    if (into > 0) nodes.push({ id: `to:${id}`, ...base, note: `from ${into} system${into === 1 ? '' : 's'}` });
  }
  const edges: GraphEdge[] = specs.map((spec) => {
    const flows = catalog.flowsBySpec.get(spec.pageId) ?? [];
    const rows = flows.reduce((n, f) => n + f.flow.properties.length, 0);
    const from = key(spec.document.sourceSystem);
    const to = key(spec.document.targetSystem);
    return {
      id: spec.pageId,
      from: split ? `from:${from}` : from,
      to: split ? `to:${to}` : to,
      href: `${specPath(spec)}#flows`,
      ...(split ? {} : { label: plural(flows.length, 'flow') }),
      title: `${spec.relativePath}: ${spec.document.title} (${plural(flows.length, 'flow')}, ${plural(rows, 'property row')})`,
      kind: rows === 0 ? 'empty' : '',
    };
  });
  return renderGraph(nodes, edges, {
    className: split ? 'system-map split' : 'system-map',
    title: split ? 'Source systems (left) and the target systems their specs feed (right)' : 'Systems and the specs between them',
    rankdir: 'LR',
    ranksep: split ? 520 : 140,
    nodesep: split ? 10 : 30,
    edgesep: split ? 1 : 8,
    bipartite: split,
  });
}
