/**
 * Type-checks the user's predicates files against the generated code they
 * import, so that a spec change that renames or retypes a field a predicate
 * reads is reported by `check` (and `generate`) with the predicate's file,
 * line and column, before `tsc` fails on it in CI.
 *
 * One TypeScript program for all predicates files of a run. The compiler is
 * the project's own `typescript` when it can load it (the one its `tsc`
 * runs), else the one bundled with dataflow, said once on stderr when the
 * project's cannot be used (typescript-compiler.ts); the options are the project's tsconfig.json
 * (beside the config file) when there is one, else those `dataflow init`
 * writes. `check` passes the generated files it would write as an overlay, so
 * what is checked is what `generate` makes of the specs, not what is on disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ts as TS } from 'ts-morph';
import { initCompilerOptions } from '../init/files.js';
import type { Diagnostic } from '../ir.js';
import type { PredicateProblem } from './apply-predicates.js';
import { exportedPredicates } from './user-predicates.js';
import { loadTypeScript } from './typescript-compiler.js';

type Ts = typeof TS;

/** One predicate a flow's generated module imports, and the source type it must accept. */
export interface ExpectedPredicate {
  name: string;
  /** Import specifier of the flow module, from the predicates folder (`../generated/x/flow.js`). */
  module: string;
  /** The flow's source record type exported by that module. */
  sourceType: string;
}

export interface PredicateTypeInput {
  /** The user's predicates files (absolute) to check. */
  files: readonly string[];
  /** Predicates folder (absolute). */
  predicatesDir: string;
  /** Where a tsconfig.json is looked for (the config's folder). */
  root: string;
  /** Absolute path -> text served instead of the disk (check: the files generate would write). */
  overlay?: ReadonlyMap<string, string>;
  /** Absolute paths taken as absent (check: generated files generate would remove). */
  hidden?: ReadonlySet<string>;
  /** Per predicates file (absolute), the predicates generated code imports from it. */
  expected: ReadonlyMap<string, readonly ExpectedPredicate[]>;
  /** Per predicates file, the predicate names no flow needs: already reported as orphaned, their own type errors are not repeated. */
  orphaned?: ReadonlyMap<string, ReadonlySet<string>>;
  severity: Diagnostic['severity'];
}

const PROBE_PREFIX = '.dataflow-check-';

const COMMENTS = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const RUNTIME_IMPORT = /\bimport\s+(?:type\s+)?\{[^}]*\}\s*from\s*(['"])dataflow\/runtime\1\s*;?/g;
const STUB = /\bexport\s+const\s+[A-Za-z_$][\w$]*\s*:\s*CreationPredicate\s*<\s*import\(\s*(['"])([^'"]+)\1\s*\)\.([A-Za-z_$][\w$]*)\s*>\s*=\s*notWritten\s*;?/g;

/**
 * For a file that holds nothing but the runtime imports and stubs as generate
 * writes them (`export const X: CreationPredicate<import('M').T> = notWritten;`),
 * the types the stubs name, as [module, type]; null for any other file. Such a
 * file type-checks exactly when each module exports its type, which a text
 * search tells without a compiler.
 */
export function stubReferences(text: string): [string, string][] | null {
  const refs: [string, string][] = [];
  const rest = text
    .replace(COMMENTS, '')
    .replace(RUNTIME_IMPORT, '')
    .replace(STUB, (_all, _quote: string, module: string, type: string) => {
      refs.push([module, type]);
      return '';
    });
  return rest.trim() === '' ? refs : null;
}

/** True when every stub of a stub-only file names a type its module (as check or generate leaves it) exports. */
function stubsResolve(file: string, refs: readonly [string, string][], read: (path: string) => string | undefined): boolean {
  return refs.every(([module, type]) => {
    if (!module.startsWith('.') || !module.endsWith('.js')) return false;
    const text = read(resolve(dirname(file), `${module.slice(0, -'.js'.length)}.ts`));
    return text !== undefined && new RegExp(`\\bexport\\s+(?:declare\\s+)?(?:interface|type)\\s+${type.replace(/\$/g, '\\$')}\\b`).test(text);
  });
}

/**
 * The project's compiler options (tsconfig.json at `root`, with its `extends`), or those init would write for
 * it (a package that is not `"type": "module"` gets bundler resolution, as init gives it); never emitting.
 */
function compilerOptions(ts: Ts, root: string): TS.CompilerOptions {
  const file = join(root, 'tsconfig.json');
  let raw: unknown = { compilerOptions: initCompilerOptions(packageIsModule(root)) };
  let base = root;
  if (existsSync(file)) {
    const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
    if (read.error === undefined) {
      raw = read.config;
      base = dirname(file);
    }
  }
  const parsed = ts.parseJsonConfigFileContent(raw, ts.sys, base, undefined, existsSync(file) ? file : undefined);
  return { ...parsed.options, noEmit: true, incremental: false, composite: false, declaration: false, emitDeclarationOnly: false };
}

/** Whether the package that holds `dir` (its nearest package.json) says `"type": "module"`. */
function packageIsModule(dir: string): boolean {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const file = join(at, 'package.json');
    if (existsSync(file)) {
      try {
        return (JSON.parse(readFileSync(file, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(at) === at) return false;
  }
}

function probeText(userModule: string, expected: readonly ExpectedPredicate[]): string {
  const lines = [`import type { CreationPredicate } from 'dataflow/runtime';`, `import * as user from ${JSON.stringify(userModule)};`];
  expected.forEach((e, i) => lines.push(`export const p${i}: CreationPredicate<import(${JSON.stringify(e.module)}).${e.sourceType}> = user.${e.name};`));
  return `${lines.join('\n')}\n`;
}

function message(ts: Ts, d: TS.Diagnostic): string {
  return `${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\s+/g, ' ')} (TS${d.code})`;
}

/**
 * Type errors in the predicates files, and predicates that no longer fit what
 * the generated module expects (`CreationPredicate<Source>`), as diagnostics
 * against the user's files. Empty when there are no files.
 */
export async function predicateTypeProblems(input: PredicateTypeInput): Promise<PredicateProblem[]> {
  const overlay = new Map<string, string>();
  for (const [path, text] of input.overlay ?? []) overlay.set(resolve(path), text);
  const hidden = new Set([...(input.hidden ?? [])].map((p) => resolve(p)));
  const read = (path: string): string | undefined => {
    const at = resolve(path);
    if (overlay.has(at)) return overlay.get(at);
    if (hidden.has(at)) return undefined;
    try {
      return readFileSync(at, 'utf8');
    } catch {
      return undefined;
    }
  };
  // Files of untouched stubs need no compiler: the common case costs no TypeScript load.
  const files = input.files.filter((file) => {
    const text = read(file);
    const refs = text === undefined ? null : stubReferences(text);
    return refs === null || !stubsResolve(file, refs, read);
  });
  if (files.length === 0) return [];
  const { ts, libs } = await loadTypeScript(input.root);
  const options = compilerOptions(ts, input.root);
  const libDir = resolve(input.predicatesDir, '.dataflow-typescript-lib');
  for (const [name, text] of libs ?? []) overlay.set(join(libDir, name), text);
  const probes = new Map<string, { file: string; expected: readonly ExpectedPredicate[]; declared: Map<string, { line: number; column: number }> }>();
  for (const file of files) {
    const wanted = input.expected.get(file) ?? [];
    const text = read(file) ?? '';
    const declared = new Map(exportedPredicates(text).map((p) => [p.name, { line: p.line, column: p.column }]));
    // Only predicates the file exports: a missing one is reported as missing already.
    const present = wanted.filter((e) => declared.has(e.name));
    if (present.length === 0) continue;
    const name = relative(input.predicatesDir, file).split(sep).join('/');
    const probe = join(input.predicatesDir, `${PROBE_PREFIX}${name}`);
    overlay.set(probe, probeText(`./${name.replace(/\.ts$/, '.js')}`, present));
    probes.set(probe, { file, expected: present, declared });
  }
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  const dirs = new Set<string>();
  for (const path of overlay.keys()) for (let d = dirname(path); !dirs.has(d) && d !== dirname(d); d = dirname(d)) dirs.add(d);
  host.fileExists = (path) => overlay.has(resolve(path)) || (!hidden.has(resolve(path)) && fileExists.call(host, path));
  host.readFile = (path) => overlay.get(resolve(path)) ?? (hidden.has(resolve(path)) ? undefined : readFile.call(host, path));
  host.directoryExists = (path) => dirs.has(resolve(path)) || (directoryExists?.call(host, path) ?? ts.sys.directoryExists(path));
  if (libs !== null) {
    host.getDefaultLibLocation = () => libDir;
    host.getDefaultLibFileName = (o) => join(libDir, ts.getDefaultLibFileName(o));
  }
  // Parsed once for both passes (the lib files are most of the work).
  const parsed = new Map<string, TS.SourceFile | undefined>();
  host.getSourceFile = (path, language, onError, create) => {
    const key = `${typeof language === 'object' ? language.languageVersion : language}\u0000${resolve(path)}`;
    if (parsed.has(key)) return parsed.get(key);
    const text = overlay.get(resolve(path));
    const source = text !== undefined ? ts.createSourceFile(path, text, language, true) : getSourceFile.call(host, path, language, onError, create);
    parsed.set(key, source);
    return source;
  };
  const roots = [...files, ...probes.keys()];
  // A first pass without the ambient `types` packages (@types/node is most of a program's declarations):
  // fewer declarations only add errors, so a clean pass is the answer; any error and the project's own options decide.
  const ambient = options.types === undefined || options.types.length > 0;
  let problems = ambient ? collect(ts.createProgram({ rootNames: roots, options: { ...options, types: [] }, host })) : null;
  if (problems === null || problems.length > 0) problems = collect(ts.createProgram({ rootNames: roots, options, host }));
  return problems;

  function collect(program: TS.Program): PredicateProblem[] {
    const problems: PredicateProblem[] = [];
    for (const file of files) {
      const source = program.getSourceFile(file);
      if (source === undefined) continue;
      // Which predicate a position is in: the last one declared before it.
      const declarations = exportedPredicates(source.text);
      const orphans = input.orphaned?.get(file) ?? new Set<string>();
      const diagnostics: Diagnostic[] = [];
      for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
        if (d.category !== ts.DiagnosticCategory.Error || d.start === undefined) continue;
        const { line, character } = source.getLineAndCharacterOfPosition(d.start);
        const within = declarations.filter((p) => p.line <= line + 1).at(-1)?.name;
        if (within !== undefined && orphans.has(within)) continue;
        diagnostics.push({
          severity: input.severity,
          code: 'predicate-type',
          message: `${within !== undefined ? `${within}: ` : ''}${message(ts, d)}; generated code that imports this file does not type-check until it is fixed`,
          line: line + 1,
          column: character + 1,
        });
      }
      const probe = [...probes.entries()].find(([, p]) => p.file === file);
      if (probe !== undefined) {
        const [path, { expected, declared }] = probe;
        const probeSource = program.getSourceFile(path)!;
        for (const d of program.getSemanticDiagnostics(probeSource)) {
          if (d.category !== ts.DiagnosticCategory.Error || d.start === undefined) continue;
          const index = probeSource.getLineAndCharacterOfPosition(d.start).line - 2;
          const e = expected[index];
          if (e === undefined) continue;
          const at = declared.get(e.name)!;
          diagnostics.push({
            severity: input.severity,
            code: 'predicate-type',
            message: `${e.name} does not fit its flow, which calls it as CreationPredicate<${e.sourceType}>: ${message(ts, d)}`,
            ...at,
          });
        }
      }
      if (diagnostics.length > 0) problems.push({ file, diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column) });
    }
    return problems;
  }
}
