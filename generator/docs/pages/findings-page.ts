/** Every lint finding of the specs folder, grouped by rule, each linked to its spec line. */
import type { LoadedSpec } from '../../catalog/load-specs.js';
import type { Finding, LintRule } from '../../lint/finding.js';
import { html } from '../html.js';
import { linePath } from '../links.js';
import { diagnosticList, page, severityBadges } from './layout.js';

export function findingsPage(findings: readonly Finding[], rules: readonly LintRule[], specs: ReadonlyMap<string, LoadedSpec>): string {
  const codes = [...new Set([...rules.map((r) => r.code), ...findings.map((f) => f.code)])];
  const shown = (list: readonly Finding[]) =>
    list.map((f) => {
      const spec = specs.get(f.spec);
      return { ...f, href: spec ? linePath(spec, f.line) : '#', place: `${spec?.relativePath ?? f.file}:${f.line}` };
    });
  const body = html`<h1>Lint findings ${severityBadges(findings)}</h1>
<p class="meta"><span>what <code>dataflow lint</code> reports for these specs</span><span>${findings.length} finding${findings.length === 1 ? '' : 's'}</span></p>
<table><thead><tr><th>rule</th><th>what it finds</th><th class="num">findings</th></tr></thead><tbody>${codes.map((code) => {
    const rule = rules.find((r) => r.code === code);
    const n = findings.filter((f) => f.code === code).length;
    return html`<tr><td>${n > 0 ? html`<a href="#rule-${code}"><code>${code}</code></a>` : html`<code>${code}</code>`}</td><td>${rule?.summary ?? 'reported by the parser'}</td><td class="num">${n}</td></tr>`;
  })}</tbody></table>
${codes.map((code) => {
    const list = findings.filter((f) => f.code === code);
    if (list.length === 0) return null;
    return html`<h2 id="rule-${code}"><code>${code}</code> ${severityBadges(list)}</h2>${diagnosticList(shown(list), '')}`;
  })}
${findings.length === 0 ? html`<p class="empty-note">No findings. <a href="index.html">Back to the map.</a></p>` : null}`;
  return page({ title: 'Lint findings', root: '', body });
}
