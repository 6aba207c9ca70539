/**
 * Scaffolds the user-owned predicates file of a spec (`predicates/<spec>.ts`): created when missing,
 * and when a flow needs a predicate the file lacks, its stub is appended with
 * ts-morph without touching what the user wrote. The file is never
 * overwritten and is not in the manifest. ts-morph loads only when a stub is
 * really missing, keeping it out of the usual generate path.
 */
import type { PredicateStub } from '../model/spec-model.js';
import { builtinTemplates, type TemplateSet } from './templates.js';
import { tidy } from './render-spec.js';

export const PREDICATES_FILE = 'predicates.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A cheap look for `export const|function NAME`; a miss is confirmed with ts-morph. */
function looksExported(text: string, name: string): boolean {
  const n = escapeRegExp(name);
  return new RegExp(`\\bexport\\s+(?:declare\\s+)?(?:const|let|var|(?:async\\s+)?function\\*?)\\s+${n}\\b`).test(text);
}

export function renderStubs(stubs: readonly PredicateStub[], templates: TemplateSet = builtinTemplates()): string {
  return templates.render('predicate-stub.ts', { stubs });
}

export function createPredicatesFile(specPath: string, stubs: readonly PredicateStub[], templates: TemplateSet = builtinTemplates()): string {
  return tidy(`${templates.render('predicates.ts', { specPath })}${renderStubs(stubs, templates)}`);
}

/** The names among `stubs` that `text` does not export. */
export async function missingPredicates(text: string, stubs: readonly PredicateStub[]): Promise<PredicateStub[]> {
  const maybe = stubs.filter((s) => !looksExported(text, s.name));
  if (maybe.length === 0) return [];
  const exported = await exportedNames(text);
  return maybe.filter((s) => !exported.has(s.name));
}

async function loadProject() {
  const { Project } = await import('ts-morph');
  return new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: false } });
}

async function exportedNames(text: string): Promise<Set<string>> {
  const project = await loadProject();
  const file = project.createSourceFile(PREDICATES_FILE, text);
  const names = new Set<string>();
  for (const d of file.getExportSymbols()) names.add(d.getName());
  return names;
}

/** `text` with the missing stubs appended and the two imports they use added where absent; existing code is kept byte for byte. */
export async function appendStubs(text: string, stubs: readonly PredicateStub[], templates: TemplateSet = builtinTemplates()): Promise<string> {
  const project = await loadProject();
  const file = project.createSourceFile(PREDICATES_FILE, text);
  const runtimeImports = file.getImportDeclarations().filter((d) => d.getModuleSpecifierValue() === 'dataflow/runtime');
  const imported = new Set(runtimeImports.flatMap((d) => d.getNamedImports().map((n) => (n.getAliasNode() ?? n.getNameNode()).getText())));
  const additions: string[] = [];
  if (!imported.has('notWritten')) additions.push(`import { notWritten } from 'dataflow/runtime';\n`);
  if (!imported.has('CreationPredicate')) additions.push(`import type { CreationPredicate } from 'dataflow/runtime';\n`);
  const body = text.endsWith('\n') || text === '' ? '' : '\n';
  let out = `${text}${body}${renderStubs(stubs, templates)}`;
  if (additions.length > 0) {
    // After the last import, or at the top: new lines only, nothing rewritten.
    const lastImport = file.getImportDeclarations().at(-1);
    const at = lastImport ? lastImport.getEnd() + 1 : 0;
    out = `${out.slice(0, at)}${additions.join('')}${out.slice(at)}`;
  }
  return out;
}
