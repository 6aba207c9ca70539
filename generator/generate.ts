/**
 * `generate` and `check` over a specs folder: plans the output (re-rendering
 * only specs whose content, or the generator, changed), then either applies it
 * atomically or compares it with what is on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Document } from './ir.js';
import { findSpecFiles } from './spec-files.js';
import { packageRoot } from './package-root.js';
import { MANIFEST_FILE, formatManifest, ownedFiles, readManifest, type FileEntry, type Manifest, type SpecEntry } from './manifest.js';
import { createSpecView } from './model/spec-model.js';
import { renderSpec, renderTestGroups, TESTS_MODULE } from './emit/render-spec.js';
import { generatorFingerprint } from './emit/fingerprint.js';
import { applyChanges } from './emit/write-files.js';
import { SpecConflictError } from './spec-conflict.js';
import { planPredicates, type PredicateChange, type PredicatePlan, type PredicateProblem } from './emit/apply-predicates.js';
import { exportedPredicates, isInside, LEGACY_PREDICATES_FILE, predicatesPaths } from './emit/user-predicates.js';

export { SpecConflictError };

export type ParseFn = (file: string, contents: Uint8Array) => Document;
export type FindFn = (paths: string[]) => Promise<string[]>;

export interface GenerateOptions {
  /** A specs folder or a single spec file. */
  specs: string;
  out: string;
  /** Paths in banners are relative to it (default: the process's working folder). */
  cwd?: string;
  /** The user's predicates folder (one `<slug>.ts` per spec that needs predicates), outside `out`. Default `predicates`. */
  predicates?: string;
  /** Re-render every spec even when nothing changed (check always does). */
  force?: boolean;
  parse?: ParseFn;
  find?: FindFn;
}

export interface SpecOutcome {
  /** The spec path as found. */
  file: string;
  slug: string;
  diagnostics: Diagnostic[];
  /** False when the spec and the generator were unchanged and the files on disk matched. */
  rendered: boolean;
}

export interface OutputPlan {
  specs: SpecOutcome[];
  /** Owned output-relative path -> text, for rendered files and the manifest. */
  render: Map<string, string>;
  /** Every owned path generate would leave, with its sha256. */
  hashes: Map<string, string>;
  manifest: Manifest;
  predicates: PredicatePlan[];
  predicatesDir: string;
  /** Per spec slug, the predicate names its flows need (null: not known, the spec has errors and no earlier output). */
  wanted: Map<string, string[] | null>;
  /** What the previous manifest owned. */
  previouslyOwned: Set<string>;
}

export const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

// The parser (unified, restructured, remark) loads only when a spec has to be rendered.
async function defaultParse(): Promise<ParseFn> {
  const { parseSpecText } = await import('./parse.js');
  return parseSpecText;
}

/**
 * The files on disk have their recorded sizes. generate trusts size for specs
 * that did not change (a stat instead of a read per file); check compares bytes.
 */
function matchesDisk(outDir: string, files: Record<string, FileEntry>): boolean {
  for (const [path, file] of Object.entries(files)) {
    try {
      if (statSync(join(outDir, path)).size !== file.bytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function predicatesLookComplete(path: string, names: readonly string[]): boolean {
  if (names.length === 0) return true;
  if (!existsSync(path)) return false;
  const exported = new Set(exportedPredicates(readFileSync(path, 'utf8')).map((p) => p.name));
  return names.every((n) => exported.has(n));
}

/** The predicates folder of a run, which must not be the output folder or inside it (generate owns that). */
export function predicatesFolder(cwd: string, outDir: string, predicates: string | undefined): string {
  const dir = resolve(cwd, predicates ?? 'predicates');
  if (isInside(dir, outDir)) {
    throw new Error(`the predicates folder (${toPosix(relative(cwd, dir)) || '.'}) must not be inside the output folder (${toPosix(relative(cwd, outDir)) || '.'}): generate owns that folder, predicates are yours`);
  }
  return dir;
}

export async function planOutput(options: GenerateOptions): Promise<OutputPlan> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.out);
  const find = options.find ?? findSpecFiles;
  const files = await find([resolve(cwd, options.specs)]);
  const predicatesDir = predicatesFolder(cwd, outDir, options.predicates);
  const wanted = new Map<string, string[] | null>();
  const previous = readManifest(outDir);
  const fingerprint = generatorFingerprint(version);
  const sameGenerator = !options.force && previous.fingerprint === fingerprint;
  let parse = options.parse;

  const manifest: Manifest = { generator: `dataflow ${version}`, fingerprint, specs: {}, files: {} };
  const render = new Map<string, string>();
  const hashes = new Map<string, string>();
  const specs: SpecOutcome[] = [];
  const predicates: PredicatePlan[] = [];
  const slugs = new Map<string, string>();

  for (const file of files) {
    const slug = basename(file, extname(file));
    const shown = toPosix(relative(cwd, file)) || basename(file);
    const other = slugs.get(slug);
    if (other !== undefined) {
      throw new SpecConflictError(`${shown} and ${other} would both generate ${toPosix(relative(cwd, outDir)) || "."}/${slug}/; rename one of them`);
    }
    slugs.set(slug, shown);
    const bytes = readFileSync(file);
    const hash = sha256(bytes);
    const old: SpecEntry | undefined = previous.specs[slug];
    const userPredicates = predicatesPaths(cwd, outDir, predicatesDir, slug);
    if (
      sameGenerator &&
      old !== undefined &&
      old.sha256 === hash &&
      old.spec === shown &&
      matchesDisk(outDir, old.files) &&
      predicatesLookComplete(userPredicates.path, old.predicates ?? [])
    ) {
      manifest.specs[slug] = old;
      wanted.set(slug, old.predicates ?? []);
      for (const [path, file] of Object.entries(old.files)) hashes.set(path, file.sha256);
      specs.push({ file: shown, slug, diagnostics: [], rendered: false });
      continue;
    }
    parse ??= await defaultParse();
    const document = parse(file, bytes);
    if (document.diagnostics.some((d) => d.severity === 'error')) {
      // Nothing is rendered from a spec with errors: its previous output, if any, stays exactly as it
      // was (owned, not orphaned), and the other specs still generate.
      wanted.set(slug, old?.predicates ?? null);
      if (old !== undefined) {
        manifest.specs[slug] = old;
        for (const [path, entry] of Object.entries(old.files)) hashes.set(path, entry.sha256);
      }
      specs.push({ file: shown, slug, diagnostics: document.diagnostics, rendered: false });
      continue;
    }
    const view = createSpecView({ document: { ...document, file: shown }, specPath: shown, slug, predicates: userPredicates.location });
    const rendered = renderSpec(view);
    const entry: SpecEntry = { spec: shown, sha256: hash, files: {}, predicates: view.predicates.map((p) => p.name) };
    for (const [path, text] of rendered) {
      const h = sha256(text);
      entry.files[path] = { sha256: h, bytes: Buffer.byteLength(text) };
      hashes.set(path, h);
      render.set(path, text);
    }
    manifest.specs[slug] = entry;
    wanted.set(slug, entry.predicates);
    if (view.predicates.length > 0) {
      predicates.push({ path: userPredicates.path, legacy: join(outDir, slug, LEGACY_PREDICATES_FILE), specPath: shown, stubs: view.predicates });
    }
    specs.push({ file: shown, slug, diagnostics: document.diagnostics, rendered: true });
  }

  // `--specs one-file.rst` regenerates that spec; the others in the manifest are not gone, only not asked about.
  if (!statSync(resolve(cwd, options.specs)).isDirectory()) {
    for (const [slug, entry] of Object.entries(previous.specs)) {
      if (manifest.specs[slug] !== undefined) continue;
      manifest.specs[slug] = entry;
      wanted.set(slug, entry.predicates ?? []);
      for (const [path, file] of Object.entries(entry.files)) hashes.set(path, file.sha256);
    }
  }

  // The test groups, from every spec that has tests (rendered now or kept from before).
  const tested = Object.keys(manifest.specs).filter((slug) => manifest.specs[slug]!.files[`${slug}/${TESTS_MODULE}`] !== undefined);
  for (const [path, text] of renderTestGroups(tested)) {
    const h = sha256(text);
    manifest.files[path] = { sha256: h, bytes: Buffer.byteLength(text) };
    hashes.set(path, h);
    render.set(path, text);
  }

  const manifestText = formatManifest(manifest);
  render.set(MANIFEST_FILE, manifestText);
  hashes.set(MANIFEST_FILE, sha256(manifestText));
  const previouslyOwned = ownedFiles(previous);
  if (existsSync(join(outDir, MANIFEST_FILE))) previouslyOwned.add(MANIFEST_FILE);
  return { specs, render, hashes, manifest, predicates, predicatesDir, wanted, previouslyOwned };
}

export interface GenerateResult {
  specs: SpecOutcome[];
  written: string[];
  removed: string[];
  /** User predicate files created, moved out of the output folder or given new stubs (never overwritten); absolute paths. */
  predicates: PredicateChange[];
  /** Warnings (a predicate whose flow is gone) and errors (a file that does not parse) against the user's predicates files. */
  predicateProblems: PredicateProblem[];
}

/** Renders what changed and applies it in one step; files it never generated are left alone. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.out);
  const plan = await planOutput(options);
  const write = new Map<string, string>();
  for (const [path, text] of plan.render) {
    const full = join(outDir, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== text) write.set(path, text);
  }
  const predicates = await planPredicates(plan.predicates, plan.predicatesDir, plan.wanted, 'generate', cwd);
  const removed = [...plan.previouslyOwned].filter((path) => !plan.hashes.has(path)).sort();
  // The manifest goes last so an interrupted run is re-checked next time.
  const manifestText = write.get(MANIFEST_FILE);
  if (manifestText !== undefined) {
    write.delete(MANIFEST_FILE);
    write.set(MANIFEST_FILE, manifestText);
  }
  // The user's files first: a stub in place before the module that imports it. A moved 0.1 file is deleted only after.
  const userWrites = new Map([...predicates.write].map(([path, text]) => [relative(plan.predicatesDir, path), text]));
  if (userWrites.size > 0) applyChanges(plan.predicatesDir, { write: userWrites, remove: [] });
  const legacy = predicates.remove.map((path) => relative(outDir, path));
  applyChanges(outDir, { write, remove: [...removed, ...legacy] });
  return { specs: plan.specs, written: [...write.keys()].sort(), removed, predicates: predicates.changes, predicateProblems: predicates.problems };
}

export interface CheckResult {
  specs: SpecOutcome[];
  stale: string[];
  missing: string[];
  orphaned: string[];
  /** User predicates files missing, or lacking stubs flows need (absolute path, names). */
  predicates: { path: string; names: string[] }[];
  /** Errors against the user's predicates files: a predicate whose flow is gone, a file that does not parse, a 0.1 file to move. */
  predicateProblems: PredicateProblem[];
}

/** What `generate` would change, without writing anything. Re-renders every spec. */
export async function check(options: GenerateOptions): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.out);
  const plan = await planOutput({ ...options, force: true });
  const stale: string[] = [];
  const missing: string[] = [];
  for (const [path, text] of plan.render) {
    const full = join(outDir, path);
    if (!existsSync(full)) missing.push(path);
    else if (path === MANIFEST_FILE ? !sameManifest(readFileSync(full, 'utf8'), text) : readFileSync(full, 'utf8') !== text) stale.push(path);
  }
  const orphaned = [...plan.previouslyOwned].filter((path) => !plan.hashes.has(path));
  const predicates = await planPredicates(plan.predicates, plan.predicatesDir, plan.wanted, 'check', cwd);
  return {
    specs: plan.specs,
    stale: stale.sort(),
    missing: missing.sort(),
    orphaned: orphaned.sort(),
    predicates: predicates.missing,
    predicateProblems: predicates.problems,
  };
}

/**
 * check renders with a forced plan, so the manifest it computes is what
 * generate writes after a full render; compare it as data, not as bytes of a
 * file whose key order could differ only cosmetically.
 */
function sameManifest(onDisk: string, expected: string): boolean {
  try {
    return formatManifest(JSON.parse(onDisk) as Manifest) === expected;
  } catch {
    return false;
  }
}
