/**
 * The user's predicates files: one `<predicates>/<slug>.ts` per spec, owned by
 * the user and kept outside the output folder. Where each one is, which of its
 * predicates no flow needs any more, whether it parses, and the move of a file
 * left in the output folder by dataflow 0.1 (`<out>/<slug>/predicates.ts`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { PredicatesLocation } from '../model/flow-model.js';

/** Where dataflow 0.1 kept a spec's predicates: inside the output folder, beside the generated files. */
export const LEGACY_PREDICATES_FILE = 'predicates.ts';

/** Export names generate gives predicates (`shouldCreate` + the flow's name): the only exports it reports as orphaned. */
const PREDICATE_NAME = /^shouldCreate[A-Z0-9_$]/;

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** `./x` or `../x`: a relative import specifier. */
function specifier(from: string, to: string): string {
  const path = posix(relative(from, to));
  return path.startsWith('.') ? path : `./${path}`;
}

export interface PredicatesPaths {
  /** Absolute path of the spec's predicates file. */
  path: string;
  location: PredicatesLocation & { toOutput: string };
}

/** The predicates file of spec `slug`, and how it and the spec's generated modules import each other. */
export function predicatesPaths(root: string, outDir: string, predicatesDir: string, slug: string): PredicatesPaths {
  const path = join(predicatesDir, `${slug}.ts`);
  const specOut = join(outDir, slug);
  return {
    path,
    location: {
      file: posix(relative(root, path)) || `${slug}.ts`,
      module: `${specifier(specOut, join(predicatesDir, slug))}.js`,
      toOutput: specifier(predicatesDir, specOut),
    },
  };
}

/** True when `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const path = relative(resolve(outer), resolve(inner));
  return path === '' || (!path.startsWith('..') && !path.startsWith(sep) && !/^[a-zA-Z]:/.test(path));
}

export interface ExportedPredicate {
  name: string;
  line: number;
  column: number;
}

/**
 * The predicate-named exports of a predicates file (`export const|let|var|function shouldCreateX`),
 * with where each is declared. A text search, so a cached generate run reads
 * the files without loading a TypeScript parser.
 */
export function exportedPredicates(text: string): ExportedPredicate[] {
  const found: ExportedPredicate[] = [];
  const pattern = /^([ \t]*export\s+(?:declare\s+)?(?:const|let|var|(?:async\s+)?function\*?)\s+)([A-Za-z_$][\w$]*)/gm;
  for (const match of text.matchAll(pattern)) {
    const name = match[2]!;
    if (!PREDICATE_NAME.test(name)) continue;
    const at = match.index + match[1]!.length;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    found.push({ name, line, column: at - before.lastIndexOf('\n') });
  }
  return found;
}

/** Slugs of the predicates files in a predicates folder (`<slug>.ts`), sorted. */
export function predicatesFiles(predicatesDir: string): string[] {
  if (!existsSync(predicatesDir)) return [];
  return readdirSync(predicatesDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => e.name.slice(0, -'.ts'.length))
    .sort();
}

export interface OrphanedPredicate extends ExportedPredicate {
  /** Absolute path of the predicates file. */
  path: string;
  slug: string;
}

/**
 * Predicates no flow needs: exported from `<predicates>/<slug>.ts` under a
 * predicate name that no flow of spec `slug` has (the flow was removed or
 * renamed, or the spec is gone). `wanted` maps each known spec slug to the
 * predicate names its flows need.
 */
export function orphanedPredicates(predicatesDir: string, wanted: ReadonlyMap<string, readonly string[]>): OrphanedPredicate[] {
  const orphans: OrphanedPredicate[] = [];
  for (const slug of predicatesFiles(predicatesDir)) {
    const path = join(predicatesDir, `${slug}.ts`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const names = new Set(wanted.get(slug) ?? []);
    for (const p of exportedPredicates(text)) if (!names.has(p.name)) orphans.push({ ...p, path, slug });
  }
  return orphans;
}

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

/** The syntax errors of a TypeScript file (TypeScript's own parser, bundled with ts-morph; loaded on use). */
export async function syntaxProblems(fileName: string, text: string): Promise<SyntaxProblem[]> {
  const { ts } = await import('ts-morph');
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly import('ts-morph').ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => {
    const { line, character } = source.getLineAndCharacterOfPosition(d.start);
    return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') };
  });
}

/**
 * The text of a dataflow 0.1 predicates file (`<out>/<slug>/predicates.ts`)
 * for its new place: each relative import specifier (`import('./flow.js')`,
 * `from './mine.js'`) re-pointed from the old folder to the new one. Nothing
 * else changes.
 */
export async function relocatePredicates(text: string, oldPath: string, newPath: string): Promise<string> {
  const { ts } = await import('ts-morph');
  const source = ts.createSourceFile(oldPath, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: import('ts-morph').ts.Node): void => {
    let literal: import('ts-morph').ts.Node | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) literal = node.moduleSpecifier;
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal = node.argument.literal;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) literal = node.arguments[0];
    if (literal && ts.isStringLiteral(literal) && literal.text.startsWith('.')) {
      const target = resolve(dirname(oldPath), literal.text);
      const quote = literal.getText(source).charAt(0);
      edits.push({ start: literal.getStart(source), end: literal.getEnd(), text: `${quote}${specifier(dirname(newPath), target)}${quote}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = `${out.slice(0, edit.start)}${edit.text}${out.slice(edit.end)}`;
  return out;
}
