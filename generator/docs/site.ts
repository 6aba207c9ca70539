/**
 * The whole docs site as files in memory (path -> content): pages for the
 * index, each spec, each spec's source, each entity, the findings, plus the
 * stylesheet, script and search index. Same specs in, same bytes out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import type { LoadedSpec } from '../catalog/load-specs.js';
import { templatesDir } from '../package-root.js';
import type { Finding } from '../lint/finding.js';
import { LINT_RULES } from '../lint/lint.js';
import type { CoverageLookup } from './coverage-view.js';
import { entityPath, sourcePath, specPath } from './links.js';
import { entityPage } from './pages/entity-page.js';
import { findingsPage } from './pages/findings-page.js';
import { indexPage } from './pages/index-page.js';
import { sourcePage } from './pages/source-page.js';
import { specPage } from './pages/spec-page.js';
import { createSearchIndex, searchIndexScript } from './search-index.js';

export interface SiteInput {
  catalog: Catalog;
  findings: readonly Finding[];
  coverage?: CoverageLookup;
  /** The user's predicates folder as pages name it, relative to the project (default `predicates`). */
  predicates?: string;
}

export function buildSite({ catalog, findings, coverage, predicates }: SiteInput): Map<string, string> {
  const files = new Map<string, string>();
  const specs = new Map<string, LoadedSpec>(catalog.specs.map((s) => [s.pageId, s]));
  const bySpec = group(findings, (f) => f.spec);
  const byEntity = group(findings, (f) => f.entity);
  files.set('index.html', indexPage(catalog, findings));
  files.set('findings.html', findingsPage(findings, LINT_RULES, specs));
  for (const spec of catalog.specs) {
    files.set(specPath(spec), specPage({ catalog, spec, findings: bySpec.get(spec.pageId) ?? [], coverage: coverage?.(spec.slug), ...(predicates ? { predicates } : {}) }));
    files.set(sourcePath(spec), sourcePage(spec));
  }
  for (const system of catalog.systems.values()) {
    for (const entity of system.entities.values()) {
      files.set(entityPath(entity), entityPage(entity, byEntity.get(entity.pageId) ?? [], (id) => specs.get(id)));
    }
  }
  files.set('assets/site.css', readFileSync(join(templatesDir, 'docs', 'site.css'), 'utf8'));
  files.set('assets/site.js', readFileSync(join(templatesDir, 'docs', 'site.js'), 'utf8'));
  files.set('assets/search-index.js', searchIndexScript(createSearchIndex(catalog)));
  return files;
}

function group<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
