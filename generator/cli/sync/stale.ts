/**
 * Whether a spec's generated code is current: the hash in the generated index
 * (`spec.sha256`) against the spec file's bytes. A sync with stale code would
 * run the old mapping against the new spec's expectations.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface GeneratedSpec {
  file?: string;
  sha256?: string;
  sourceSystem?: string;
  targetSystem?: string;
  title?: string;
}

export interface SpecFile {
  path: string;
  text: string;
}

/** The spec file: the path given, else where the generated index says, else `<specs>/<slug>.rst|.md`. */
export function findSpecFile(given: string | undefined, generated: GeneratedSpec | undefined, root: string, specs: string, slug: string): SpecFile | undefined {
  const candidates = [
    ...(given ? [resolve(given)] : []),
    ...(generated?.file ? [isAbsolute(generated.file) ? generated.file : resolve(root, generated.file)] : []),
    join(specs, `${slug}.rst`),
    join(specs, `${slug}.md`),
    ...(existsSync(specs) && !specs.endsWith('/') && /\.(rst|md)$/.test(specs) ? [specs] : []),
  ];
  for (const path of candidates) {
    if (existsSync(path)) {
      try {
        return { path, text: readFileSync(path, 'utf8') };
      } catch {
        continue;
      }
    }
  }
  return undefined;
}

export function isStale(spec: SpecFile, generated: GeneratedSpec | undefined): boolean {
  if (!generated?.sha256) return false;
  return createHash('sha256').update(readFileSync(spec.path)).digest('hex') !== generated.sha256;
}
