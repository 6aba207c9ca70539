/** Builds a docs site the way `dataflow docs` does, for tests. */
import { createCatalog } from '../../generator/catalog/catalog.js';
import { loadSpecs } from '../../generator/catalog/load-specs.js';
import type { CoverageLookup } from '../../generator/docs/coverage-view.js';
import { buildSite } from '../../generator/docs/site.js';
import { writeSite } from '../../generator/docs/write-site.js';
import { lintCatalog } from '../../generator/lint/lint.js';

export async function siteFiles(specs: string, coverage?: CoverageLookup): Promise<Map<string, string>> {
  const catalog = createCatalog(await loadSpecs([specs], specs));
  return buildSite({ catalog, findings: lintCatalog(catalog), ...(coverage ? { coverage } : {}) });
}

export async function writeSiteFor(specs: string, out: string): Promise<Map<string, string>> {
  const files = await siteFiles(specs);
  await writeSite(out, files);
  return files;
}

/** Every relative link of every page that does not reach a file, or an id in it. */
export function brokenLinks(files: ReadonlyMap<string, string>): string[] {
  const broken: string[] = [];
  const ids = new Map<string, Set<string>>();
  const idsOf = (path: string) => {
    let set = ids.get(path);
    if (!set) {
      set = new Set([...(files.get(path) ?? '').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
      ids.set(path, set);
    }
    return set;
  };
  for (const [path, text] of files) {
    if (!path.endsWith('.html')) continue;
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    for (const match of text.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const link = match[1]!.replace(/&amp;/g, '&');
      if (/^[a-z]+:/i.test(link)) {
        if (!link.startsWith('http://www.w3.org/')) broken.push(`${path}: absolute link ${link}`);
        continue;
      }
      const [file, fragment] = link.split('#') as [string, string | undefined];
      const target = file === '' ? path : normalise(folder + file);
      if (!files.has(target)) broken.push(`${path}: ${link} (no file ${target})`);
      else if (fragment && !idsOf(target).has(fragment)) broken.push(`${path}: ${link} (no id ${fragment} in ${target})`);
    }
  }
  return broken;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
