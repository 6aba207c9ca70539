/** The frame of every page: header with navigation and search, the stylesheet and scripts, all by relative links. */
import type { Diagnostic } from '../../ir.js';
import { html, type SafeHtml } from '../html.js';

export interface PageInput {
  title: string;
  /** `""` for pages at the site root, `"../"` one folder down. */
  root: string;
  body: SafeHtml;
}

export function page({ title, root, body }: PageInput): string {
  return html`<!DOCTYPE html>
<html lang="en" data-root="${root}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dataflow docs">
<title>${title}</title>
<link rel="stylesheet" href="${root}assets/site.css">
</head>
<body>
<header class="site">
<a class="brand" href="${root}index.html">Dataflows</a>
<nav><a href="${root}index.html#map">Map</a><a href="${root}index.html#specs">Specs</a><a href="${root}index.html#systems">Systems</a><a href="${root}findings.html">Findings</a></nav>
<div class="search"><input id="search" type="search" placeholder="Search specs, flows, entities, fields (press /)" autocomplete="off" aria-label="Search specs, flows, entities and fields"><ol id="search-results" hidden></ol></div>
</header>
<main>
${body}
</main>
<script src="${root}assets/search-index.js"></script>
<script src="${root}assets/site.js"></script>
</body>
</html>
`.text;
}

export interface ShownDiagnostic extends Pick<Diagnostic, 'severity' | 'message' | 'code' | 'line'> {
  /** Link to the spec line. */
  href: string;
  /** What the link says (`x.rst:12`). */
  place: string;
}

export function diagnosticList(items: readonly ShownDiagnostic[], empty: string): SafeHtml {
  if (items.length === 0) return html`<p class="empty-note">${empty}</p>`;
  return html`<ul class="findings">${items.map(
    (d) =>
      html`<li class="${d.severity}"><span class="sev ${d.severity}">${d.severity}</span>${d.message} <span class="code">[${d.code}]</span> <a class="prov" href="${d.href}">${d.place}</a></li>`,
  )}</ul>`;
}

export function severityBadges(items: readonly { severity: string }[]): SafeHtml {
  const errors = items.filter((d) => d.severity === 'error').length;
  const warnings = items.filter((d) => d.severity === 'warning').length;
  return html`${errors ? html`<span class="badge error">${errors} error${errors === 1 ? '' : 's'}</span>` : null}${warnings ? html`<span class="badge warning">${warnings} warning${warnings === 1 ? '' : 's'}</span>` : null}`;
}
