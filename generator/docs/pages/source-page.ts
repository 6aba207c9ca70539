/** The spec's own text with numbered, linkable lines: where every "spec line" link of the site points. */
import type { LoadedSpec } from '../../catalog/load-specs.js';
import { html } from '../html.js';
import { specPath } from '../links.js';
import { page } from './layout.js';

export function sourcePage(spec: LoadedSpec): string {
  const lines = spec.lines.length > 0 && spec.lines[spec.lines.length - 1] === '' ? spec.lines.slice(0, -1) : spec.lines;
  const body = html`<h1>${spec.relativePath}</h1>
<p class="meta"><span>the spec as written</span><span><a href="../${specPath(spec)}">its page</a></span></p>
<pre class="source">${lines.map((text, i) => html`<span class="l" id="L${i + 1}"><a class="n" href="#L${i + 1}">${i + 1}</a>${text}</span>`)}</pre>`;
  return page({ title: `${spec.relativePath} (source)`, root: '../', body });
}
