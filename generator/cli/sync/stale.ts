/**
 * Whether a spec's generated code is current: the content hash the output
 * folder's manifest records for the spec against the spec as it is now (an
 * edit generate would not render, like the introduction, is not staleness);
 * for an index that carries `spec.sha256` (hand-written, or dataflow 0.1),
 * that hash against the spec file's bytes. A sync with stale code would run
 * the old mapping against the new spec's expectations.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readManifest } from '../../manifest.js';
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

export async function isStale(spec: SpecFile, generated: GeneratedSpec | undefined, generatedDir: string, slug: string): Promise<boolean> {
  if (generated?.sha256) return createHash('sha256').update(readFileSync(spec.path)).digest('hex') !== generated.sha256;
  const recorded = readManifest(generatedDir).specs[slug]?.sha256;
  if (recorded === undefined) return false;
  // The parser loads only here, for a sync whose output folder has a manifest.
  const [{ parseSpecText }, { contentHash }] = await Promise.all([import('../../parse.js'), import('../../model/spec-model.js')]);
  return contentHash(parseSpecText(spec.path, readFileSync(spec.path))) !== recorded;
}

/** What a generated flow says of itself that the fields check needs (FlowDefinition's source and reads). */
interface FlowReads {
  readonly title: string;
  readonly source: { readonly system: string; readonly entity: string };
  readonly reads?: readonly { readonly path: readonly string[]; readonly type: string }[];
}

function readsText(reads: readonly { readonly path: readonly string[]; readonly type: string }[]): string {
  return reads
    .map((r) => `${r.path.join('.')}: ${r.type}`)
    .sort()
    .join(', ');
}

/**
 * The first flow whose generated `reads` differ from what the config's `fields`
 * declares for its source entity now (a declaration added, changed or removed
 * without generating again), as a sentence; null when they agree. A flow is
 * matched to a declaration by `<system> <entity>`, how the flow titles name it.
 */
export function fieldsStale(flows: readonly FlowReads[], declared: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): string | null {
  for (const flow of flows) {
    const label = `${flow.source.system} ${flow.source.entity}`;
    const want = declared !== undefined && Object.hasOwn(declared, label) ? Object.entries(declared[label]!).map(([path, type]) => ({ path: path.split('.'), type })) : [];
    const have = readsText(flow.reads ?? []);
    if (readsText(want) !== have) {
      return `flow ${JSON.stringify(flow.title)} reads ${have === '' ? 'no declared fields' : have}, the config's fields declare ${readsText(want) || 'none'} for ${label}`;
    }
  }
  return null;
}
