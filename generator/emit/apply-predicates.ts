/**
 * What generate and check do with the user's predicates files: create a
 * missing one, append the stubs new flows need (never changing what is
 * there), move a dataflow 0.1 file out of the output folder, remove a file
 * that holds only generate's untouched stubs once no flow needs them, and
 * report predicates whose flow is gone and files that do not parse, as
 * diagnostics against the user's file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../ir.js';
import type { PredicateStub } from '../model/spec-model.js';
import { appendStubs, createPredicatesFile, missingPredicates } from './predicates.js';
import { builtinTemplates, type TemplateSet } from './templates.js';
import { pairRenames } from '../diff/renames.js';
import { exportedPredicates, orphanedPredicates, predicatesFiles, relocatePredicates, syntaxProblems } from './user-predicates.js';
import { isUntouchedStubs } from './untouched-predicates.js';

export interface PredicatePlan {
  /** Absolute path of the user's predicates file. */
  path: string;
  /** Absolute path where dataflow 0.1 kept it (`<out>/<slug>/predicates.ts`). */
  legacy: string;
  specPath: string;
  stubs: PredicateStub[];
}

/** Diagnostics against one predicates file (absolute path). */
export interface PredicateProblem {
  file: string;
  diagnostics: Diagnostic[];
}

export interface PredicateChange {
  /** Absolute path of the predicates file. */
  path: string;
  created: boolean;
  added: string[];
  /** The dataflow 0.1 file it was moved from (absolute), when it was. */
  movedFrom?: string;
  /** Removed: it held only the stubs generate wrote, untouched, and no flow needs them (its spec is gone). */
  removed?: true;
  /** The predicates file of a spec that is gone whose predicates this spec needs (the spec was renamed), when it was moved from there. */
  renamedFrom?: string;
}

export interface PredicateWork {
  /** Absolute path -> new text of predicates files. */
  write: Map<string, string>;
  /** dataflow 0.1 files moved out of the output folder (absolute), to delete once the new ones are written. */
  remove: string[];
  changes: PredicateChange[];
  problems: PredicateProblem[];
  /** check: `path: name, name` per file lacking stubs (absolute path first). */
  missing: { path: string; names: string[] }[];
  /**
   * Predicates files (absolute) holding only generate's untouched stubs, none of which a flow needs (the spec
   * is gone): generate removes them, check reports them as out of date. A file with anything of the user's stays.
   */
  removable: string[];
}

/** `wanted`: slug -> the predicate names its flows need; null for a spec whose flows are not known (parse errors, never generated). */
export type WantedPredicates = ReadonlyMap<string, readonly string[] | null>;

function diagnostic(severity: Diagnostic['severity'], code: string, message: string, line = 1, column = 1): Diagnostic {
  return { severity, code, message, line, column };
}

/** Stubs a file lacks; a syntax error makes it the user's problem to fix first (the file is left alone). */
async function lacking(path: string, text: string, stubs: readonly PredicateStub[], problems: PredicateProblem[]): Promise<PredicateStub[] | null> {
  // Parsed even when no stub is missing: a file that does not parse breaks every generated module importing it.
  const syntax = await syntaxProblems(path, text);
  if (syntax.length > 0) {
    problems.push({
      file: path,
      diagnostics: syntax.map((s) =>
        diagnostic('error', 'predicates-syntax', `${s.message} (your predicates file does not parse: the generated modules that import it cannot load, and generate adds no stubs to it until it does)`, s.line, s.column),
      ),
    });
    return null;
  }
  const exported = new Set(exportedPredicates(text).map((p) => p.name));
  if (stubs.every((s) => exported.has(s.name))) return [];
  return missingPredicates(text, stubs);
}

/**
 * The work on predicates files for a plan. `mode` 'generate' computes the
 * writes; 'check' only what is missing. Orphans are warnings for generate
 * (the user decides when to delete them) and errors for check (the user's
 * code then imports a module or type that is gone, and tsc would fail).
 */
export async function planPredicates(
  plans: readonly PredicatePlan[],
  predicatesDir: string,
  wanted: WantedPredicates,
  mode: 'generate' | 'check',
  root: string,
  templates: TemplateSet = builtinTemplates(),
): Promise<PredicateWork> {
  const work: PredicateWork = { write: new Map(), remove: [], changes: [], problems: [], missing: [], removable: [] };
  // Files of specs that are gone: a renamed spec's predicates are carried over to its new name instead of stubbed again.
  const gone = new Map<string, Set<string>>();
  for (const slug of predicatesFiles(predicatesDir)) {
    if (wanted.has(slug)) continue;
    try {
      gone.set(join(predicatesDir, `${slug}.ts`), new Set(exportedPredicates(readFileSync(join(predicatesDir, `${slug}.ts`), 'utf8')).map((e) => e.name)));
    } catch {
      // unreadable: reported as it is
    }
  }
  // A new spec without a predicates file takes over the gone file that shares the most of its predicates' names
  // (the names come from the flows, so the same flows under a new file name give the same names).
  const fresh = plans.filter((p) => !existsSync(p.path) && !existsSync(p.legacy));
  const renamed = new Map(
    pairRenames([...gone], fresh, ([, names], p) => {
      const shared = p.stubs.filter((s) => names.has(s.name)).length;
      return shared > 0 ? shared / Math.max(names.size, p.stubs.length) : null;
    }).map(([[file], p]) => [p, file]),
  );
  const carried = new Set(renamed.values());
  for (const p of plans) {
    const from = renamed.get(p);
    if (from !== undefined) {
      if (mode === 'check') {
        work.problems.push({
          file: from,
          diagnostics: [diagnostic('error', 'renamed-predicates', `its spec was renamed: \`dataflow generate\` moves this file to ${shown(root, p.path)}`)],
        });
        continue;
      }
      const text = readFileSync(from, 'utf8');
      const absent = await lacking(from, text, p.stubs, work.problems);
      if (absent === null) continue;
      // Its type imports name the old spec's output folder (`../generated/<old>/x.js`): they follow the rename.
      const outDir = dirname(dirname(p.legacy));
      const oldOut = posixSpecifier(predicatesDir, join(outDir, basename(from, '.ts')));
      const newOut = posixSpecifier(predicatesDir, join(outDir, basename(p.path, '.ts')));
      const moved = text.split(`'${oldOut}/`).join(`'${newOut}/`).split(`"${oldOut}/`).join(`"${newOut}/`);
      work.write.set(p.path, absent.length > 0 ? await appendStubs(moved, absent, templates) : moved);
      work.remove.push(from);
      work.changes.push({ path: p.path, created: false, added: absent.map((s) => s.name), renamedFrom: from });
      continue;
    }
    if (existsSync(p.path)) {
      const text = readFileSync(p.path, 'utf8');
      const absent = await lacking(p.path, text, p.stubs, work.problems);
      if (absent === null || absent.length === 0) {
        if (existsSync(p.legacy)) {
          work.problems.push({
            file: p.legacy,
            diagnostics: [diagnostic('warning', 'legacy-predicates', `not used any more: the predicates of this spec live in ${shown(root, p.path)}; delete this file`)],
          });
        }
        continue;
      }
      if (mode === 'check') work.missing.push({ path: p.path, names: absent.map((s) => s.name) });
      else {
        work.write.set(p.path, await appendStubs(text, absent, templates));
        work.changes.push({ path: p.path, created: false, added: absent.map((s) => s.name) });
      }
      continue;
    }
    if (existsSync(p.legacy)) {
      // dataflow 0.1 kept this file in the output folder: it moves, with its imports re-pointed, and keeps every predicate written in it.
      const old = readFileSync(p.legacy, 'utf8');
      const absent = await lacking(p.legacy, old, p.stubs, work.problems);
      if (absent === null) continue;
      if (mode === 'check') {
        work.problems.push({
          file: p.legacy,
          diagnostics: [diagnostic('error', 'legacy-predicates', `predicates live outside the output folder now: \`dataflow generate\` moves this file to ${shown(root, p.path)}`)],
        });
        continue;
      }
      const moved = await relocatePredicates(old, p.legacy, p.path);
      work.write.set(p.path, absent.length > 0 ? await appendStubs(moved, absent, templates) : moved);
      work.remove.push(p.legacy);
      work.changes.push({ path: p.path, created: false, added: absent.map((s) => s.name), movedFrom: p.legacy });
      continue;
    }
    if (mode === 'check') work.missing.push({ path: p.path, names: p.stubs.map((s) => s.name) });
    else {
      work.write.set(p.path, createPredicatesFile(p.specPath, p.stubs, templates));
      work.changes.push({ path: p.path, created: true, added: p.stubs.map((s) => s.name) });
    }
  }
  // A file a plan writes stubs to is needed, whatever it holds now.
  const needed = new Set([...carried, ...plans.filter((p) => p.stubs.length > 0).map((p) => p.path)]);
  const removable = new Set(untouchedUnneeded(predicatesDir, wanted, needed, templates));
  for (const path of removable) {
    work.removable.push(path);
    if (mode === 'generate') work.changes.push({ path, created: false, added: [], removed: true });
  }
  const known = new Map<string, readonly string[]>();
  for (const [slug, names] of wanted) if (names !== null) known.set(slug, names);
  const byFile = new Map<string, Diagnostic[]>();
  for (const orphan of orphanedPredicates(predicatesDir, known)) {
    if (carried.has(orphan.path) || removable.has(orphan.path)) continue;
    if (wanted.has(orphan.slug) && wanted.get(orphan.slug) === null) continue;
    const why = wanted.has(orphan.slug)
      ? `no flow of the spec needs ${orphan.name} any more (its flow was removed or renamed, or its creation rule no longer calls for a predicate)`
      : `no spec generates ${orphan.slug} any more, so nothing uses ${orphan.name} (if the spec was renamed, move this file to the new name's predicates file)`;
    const list = byFile.get(orphan.path) ?? [];
    list.push(diagnostic(mode === 'check' ? 'error' : 'warning', 'orphaned-predicate', `${why}; delete it (it may import generated code that is gone)`, orphan.line, orphan.column));
    byFile.set(orphan.path, list);
  }
  for (const [file, diagnostics] of byFile) work.problems.push({ file, diagnostics });
  return work;
}

/**
 * The predicates files whose every predicate no flow needs (their spec is gone, or its flows call for none of
 * them) and that hold only generate's untouched stubs: nothing of the user's is lost when they go. A spec whose
 * flows are not known (parse errors) keeps its file; so does one in `kept` (carried over to a renamed spec, or
 * given stubs by this run).
 */
function untouchedUnneeded(predicatesDir: string, wanted: WantedPredicates, kept: ReadonlySet<string>, templates: TemplateSet): string[] {
  const found: string[] = [];
  for (const slug of predicatesFiles(predicatesDir)) {
    const path = join(predicatesDir, `${slug}.ts`);
    const names = wanted.get(slug);
    if (kept.has(path) || names === null) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const needed = new Set(names ?? []);
    if (exportedPredicates(text).some((p) => needed.has(p.name))) continue;
    if (isUntouchedStubs(text, templates)) found.push(path);
  }
  return found;
}

function shown(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** `./x` or `../x` from folder `from` to `to`, `/`-separated. */
function posixSpecifier(from: string, to: string): string {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}
