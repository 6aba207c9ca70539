/**
 * Node-and-edge pictures laid out by dagre (@dagrejs/dagre) and drawn as
 * inline SVG: each node and edge may link somewhere, and carries a tooltip.
 * Sizes come from an estimate of the label width, so no browser is needed.
 */
import dagre from '@dagrejs/dagre';
import { html, type SafeHtml } from './html.js';

export interface GraphNode {
  id: string;
  label: string;
  /** A second, smaller line under the label. */
  note?: string;
  href?: string;
  kind?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Unique among the edges (dagre's multigraph name). */
  id: string;
  label?: string;
  href?: string;
  title: string;
  kind?: string;
}

export interface GraphOptions {
  rankdir?: 'LR' | 'TB';
  /** Class of the <svg>, for CSS. */
  className: string;
  /** Accessible name of the picture. */
  title: string;
  ranksep?: number;
  nodesep?: number;
  edgesep?: number;
  /** Every edge goes from the first rank to the second (sources to targets): the cheap longest-path ranker is exact then. */
  bipartite?: boolean;
}

const FONT = 13;
const CHAR = 7.4;
const PAD_X = 14;

function nodeSize(node: GraphNode): { width: number; height: number } {
  const chars = Math.max(node.label.length, (node.note ?? '').length * 0.85);
  return { width: Math.round(Math.max(60, chars * CHAR + PAD_X * 2)), height: node.note ? 44 : 30 };
}

export function renderGraph(nodes: readonly GraphNode[], edges: readonly GraphEdge[], options: GraphOptions): SafeHtml {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: options.rankdir ?? 'LR', ranksep: options.ranksep ?? 90, nodesep: options.nodesep ?? 18, edgesep: options.edgesep ?? 8, marginx: 12, marginy: 12, ...(options.bipartite ? { ranker: 'longest-path' } : {}) });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) g.setNode(node.id, { ...nodeSize(node) });
  for (const edge of edges) {
    const label = edge.label ? { width: edge.label.length * 6.2 + 8, height: 14, labelpos: 'c' } : {};
    g.setEdge(edge.from, edge.to, { ...label }, edge.id);
  }
  dagre.layout(g);
  const graph = g.graph();
  const width = Math.ceil(graph.width ?? 100);
  const height = Math.ceil(graph.height ?? 60);

  const edgeMarkup = edges.map((edge) => {
    const laid = g.edge({ v: edge.from, w: edge.to, name: edge.id }) as { points: { x: number; y: number }[]; x?: number; y?: number };
    const d = pathOf(laid.points);
    const label =
      edge.label && laid.x !== undefined && laid.y !== undefined
        ? html`<text class="edge-label" x="${round(laid.x)}" y="${round(laid.y + 4)}" text-anchor="middle">${edge.label}</text>`
        : null;
    const body = html`<path class="edge-line" d="${d}" marker-end="url(#arrow)"/><path class="edge-hit" d="${d}"/>${label}<title>${edge.title}</title>`;
    return edge.href
      ? html`<a class="edge ${edge.kind ?? ''}" href="${edge.href}" data-edge="${edge.id}" data-from="${edge.from}" data-to="${edge.to}">${body}</a>`
      : html`<g class="edge ${edge.kind ?? ''}" data-edge="${edge.id}" data-from="${edge.from}" data-to="${edge.to}">${body}</g>`;
  });
  const nodeMarkup = nodes.map((node) => {
    const laid = g.node(node.id) as { x: number; y: number; width: number; height: number };
    const x = round(laid.x - laid.width / 2);
    const y = round(laid.y - laid.height / 2);
    const text = node.note
      ? html`<text x="${round(laid.x)}" y="${round(laid.y - 3)}" text-anchor="middle">${node.label}</text><text class="node-note" x="${round(laid.x)}" y="${round(laid.y + 13)}" text-anchor="middle">${node.note}</text>`
      : html`<text x="${round(laid.x)}" y="${round(laid.y + 4.5)}" text-anchor="middle">${node.label}</text>`;
    const body = html`<rect x="${x}" y="${y}" width="${laid.width}" height="${laid.height}" rx="6"/>${text}<title>${node.label}${node.note ? ` (${node.note})` : ''}</title>`;
    return node.href
      ? html`<a class="node ${node.kind ?? ''}" href="${node.href}" data-node="${node.id}">${body}</a>`
      : html`<g class="node ${node.kind ?? ''}" data-node="${node.id}">${body}</g>`;
  });
  return html`<svg class="${options.className}" role="img" aria-label="${options.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" style="max-width: 100%; height: auto" xmlns="http://www.w3.org/2000/svg" font-size="${FONT}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs><g class="edges">${edgeMarkup}</g><g class="nodes">${nodeMarkup}</g></svg>`;
}

/** A smooth path through dagre's points (quadratic segments through the midpoints). */
function pathOf(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const p = points.map((pt) => ({ x: round(pt.x), y: round(pt.y) }));
  if (p.length < 3) return `M${p.map((pt) => `${pt.x},${pt.y}`).join(' L')}`;
  let d = `M${p[0]!.x},${p[0]!.y}`;
  for (let i = 1; i < p.length - 1; i++) {
    const mid = { x: round((p[i]!.x + p[i + 1]!.x) / 2), y: round((p[i]!.y + p[i + 1]!.y) / 2) };
    d += ` Q${p[i]!.x},${p[i]!.y} ${i === p.length - 2 ? `${p[i + 1]!.x},${p[i + 1]!.y}` : `${mid.x},${mid.y}`}`;
  }
  return d;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
