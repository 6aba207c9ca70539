/**
 * `generate` and `check` over a specs folder: plans the output (re-rendering
 * only specs whose content, or the generator, changed), then either applies it
 * atomically or compares it with what is on disk.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Document } from './ir.js';
import { findSpecFiles } from './spec-files.js';
import { packageRoot } from './package-root.js';
import { MANIFEST_FILE, formatManifest, ownedFiles, readManifest, type FileEntry, type Manifest, type SpecEntry } from './manifest.js';
import { contentHash, createSpecView } from './model/spec-model.js';
import { cacheFile, readCache, writeCache, type FileStat, type GenerateCache } from './generate-cache.js';
import { renderSpec, renderTestGroups, templateOf, TESTS_MODULE } from './emit/render-spec.js';
import { loadTemplates, type TemplateWarning } from './emit/load-templates.js';
import { checkRenderedOutput, type RenderedFile } from './emit/check-output.js';
import type { TemplateSet } from './emit/templates.js';
import { generatorFingerprint } from './emit/fingerprint.js';
import { applyChanges } from './emit/write-files.js';
import { NoSpecsError, SpecConflictError } from './spec-conflict.js';
import { planPredicates, type PredicateChange, type PredicatePlan, type PredicateProblem } from './emit/apply-predicates.js';
import { exportedPredicates, isInside, LEGACY_PREDICATES_FILE, predicatesFiles, predicatesPaths } from './emit/user-predicates.js';
import type { ExpectedPredicate } from './emit/predicate-types.js';
import { DeclaredFieldError, declaredFieldWarnings, declaredFieldsKey, readsOfSpec } from './model/declared-fields.js';
import { keyPositionInFile } from './config/key-position.js';
import { configProblem, keyName } from './config/resolve-config.js';
import type { DeclaredFields } from './config/types.js';
import { closestNames } from './near-names.js';

export { NoSpecsError, SpecConflictError };
export { TemplateError } from './emit/template-error.js';
export type { TemplateWarning } from './emit/load-templates.js';

export type ParseFn = (file: string, contents: Uint8Array) => Document;
export type FindFn = (paths: string[]) => Promise<string[]>;

export interface GenerateOptions {
  /** A specs folder or a single spec file. */
  specs: string;
  out: string;
  /** Relative `specs`, `out` and `predicates` are resolved from it, and diagnostics name specs from it (default: the process's working folder). */
  cwd?: string;
  /**
   * Paths written into generated files and the manifest are relative to it: the
   * config file's folder. Default: the output folder's parent, so that what is
   * written never depends on the folder generate was run from.
   */
  root?: string;
  /** The user's predicates folder (one `<slug>.ts` per spec that needs predicates), outside `out`. Default `predicates`. */
  predicates?: string;
  /**
   * The user's folder of template and partial overrides (the config's `templates`), or none.
   * An override that does not compile or renders code that does not parse is a TemplateError: nothing is written.
   */
  templates?: string | null;
  /**
   * The config's `fields`: per spec slug, per source entity, the fields predicates read beyond the rows.
   * A slug, entity or field that does not fit the specs is a ConfigError (at `configFile`'s line and column).
   */
  fields?: DeclaredFields;
  /** The config file `fields` came from, to place its errors; null or absent: none. */
  configFile?: string | null;
  /** Re-render every spec, trusting no cache (check always does); every file that differs from its render is rewritten. */
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
  /** The local cache to write after generate has applied the plan (stats filled in then). */
  cache: GenerateCache;
  cacheFile: string | null;
  /** Spec files (absolute) with errors, and their diagnostics: nothing was rendered from them. */
  failed: Map<string, Diagnostic[]>;
  /** The spec files planned (absolute). */
  files: string[];
  /** The templates the plan was rendered with (predicate stubs are rendered with them too). */
  templates: TemplateSet;
  /** Files in the templates folder that override nothing, and declared fields that look misplaced (against the config file). */
  templateWarnings: TemplateWarning[];
  /** The slugs of the specs with tests, sorted, one a line: what the test group files were made from. */
  tested: string;
  names: SpecNameCache;
  /** `.ts` files in a spec's output folder that no spec generates (output-relative), sorted. */
  strays: StrayFile[];
  /** The project root (the config's folder): generated paths are relative to it, its tsconfig.json types the predicates. */
  root: string;
}

/** A spec file's slug and its paths as shown to the user and written in banners. */
interface SpecNames {
  slug: string;
  shown: string;
  specPath: string;
}

/** SpecNames by absolute spec file, for one working folder and root. */
export interface SpecNameCache {
  cwd: string;
  root: string;
  byFile: Map<string, SpecNames>;
}

/**
 * A `.ts` file inside a generated spec folder that neither the new manifest nor
 * the previous one lists (a flow's module left untracked after `git checkout .`
 * restored the manifest): tsc compiles it with the rest, so check must see it.
 */
export interface StrayFile {
  /** Output-relative, `/`-separated. */
  path: string;
  /** It starts with the generated banner: generate removes it. Without it, it is the user's and stays (a warning). */
  generated: boolean;
}

/** How every generated file starts (the rest of the banner line may differ between versions). */
const BANNER_PREFIX = '// @generated by dataflow';

/** The `.ts` files under `outDir/<slug>/` that are not in `known`, and whether each carries the banner. */
function strayFiles(outDir: string, slugs: Iterable<string>, known: (path: string) => boolean): StrayFile[] {
  const strays: StrayFile[] = [];
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(join(dir, e.name), path);
      else if (e.isFile() && e.name.endsWith('.ts') && !known(path)) {
        // A 0.1 predicates file in the output folder has its own handling (it is moved, apply-predicates.ts).
        if (rel.split('/').length === 1 && e.name === LEGACY_PREDICATES_FILE) continue;
        let head = '';
        try {
          head = readFileSync(join(dir, e.name), 'utf8').slice(0, BANNER_PREFIX.length + 1);
        } catch {
          // unreadable: the user's problem, not ours to remove
        }
        strays.push({ path, generated: head.startsWith(BANNER_PREFIX) });
      }
    }
  };
  for (const slug of slugs) walk(join(outDir, slug), slug);
  return strays.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * What a long-running caller (`generate --watch`) keeps between runs so that a
 * save costs the specs that changed, not the whole folder: the spec files, the
 * manifest and cache as the last run left them, and the specs with errors.
 */
export interface WarmState {
  /** The spec files (absolute, sorted as the folder walk sorts them). */
  files: string[];
  manifest: Manifest;
  cache: GenerateCache;
  failed: Map<string, Diagnostic[]>;
  /** The specs with tests when the group files were last written (OutputPlan.tested). */
  tested: string;
  /** Every output file the last run left (its plan's hashes), the manifest included. */
  owned: Set<string>;
  /** The last run's manifest text, as written. */
  manifestText: string;
  names: SpecNameCache;
}

/**
 * A run on top of a warm state: only the `dirty` spec files are read and
 * hashed; every other one is taken as the state says (its output was written
 * or verified by an earlier run of this process).
 */
export interface WarmRun {
  state: WarmState;
  dirty: ReadonlySet<string>;
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
 * The files on disk are the ones the manifest records: a file whose size and
 * mtime are what the cache saw after writing it is trusted (a stat, no read);
 * any other is read and hashed, so a hand edit that keeps the size is caught.
 * Returns the files' stats, or null when one differs or is gone.
 */
function verifyOnDisk(outDir: string, files: Record<string, FileEntry>, seen: Record<string, FileStat>): Record<string, FileStat> | null {
  const stats: Record<string, FileStat> = {};
  for (const [path, file] of Object.entries(files)) {
    try {
      const full = join(outDir, path);
      const { size, mtimeMs } = statSync(full);
      const before = seen[path];
      if (size !== file.bytes) return null;
      if (before === undefined || before.size !== size || before.mtimeMs !== mtimeMs) {
        if (sha256(readFileSync(full)) !== file.sha256) return null;
      }
      stats[path] = { size, mtimeMs };
    } catch {
      return null;
    }
  }
  return stats;
}

function predicatesLookComplete(path: string, names: readonly string[], parsed: FileStat | undefined): boolean {
  if (names.length === 0) return true;
  if (!existsSync(path)) return false;
  // Edited since it last parsed: the spec goes through the full path, which parses it (a syntax error is reported there).
  const { size, mtimeMs } = statSync(path);
  if (parsed === undefined || parsed.size !== size || parsed.mtimeMs !== mtimeMs) return false;
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

export async function planOutput(options: GenerateOptions, warm?: WarmRun): Promise<OutputPlan> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.out);
  const find = options.find ?? findSpecFiles;
  const root = options.root !== undefined ? resolve(cwd, options.root) : dirname(outDir);
  const specsPath = resolve(cwd, options.specs);
  const files = warm?.state.files ?? (await find([specsPath]));
  if (files.length === 0 && statSync(specsPath).isDirectory()) {
    throw new NoSpecsError(`no spec (*.rst, *.md) in ${toPosix(relative(cwd, specsPath)) || '.'}; nothing generated, nothing removed`);
  }
  const predicatesDir = predicatesFolder(cwd, outDir, options.predicates);
  const wanted = new Map<string, string[] | null>();
  const previous = warm?.state.manifest ?? readManifest(outDir);
  const loaded = loadTemplates(options.templates ? resolve(cwd, options.templates) : null);
  const templates = loaded.templates;
  // Overrides are part of what shapes the output: editing one re-renders every spec, removing it goes back to the built-ins.
  const fingerprint = templates.key === '' ? generatorFingerprint(version) : sha256(`${generatorFingerprint(version)}\0templates ${templates.key}`);
  const cachePath = cacheFile(root, outDir);
  const cached = options.force
    ? { fingerprint, specs: {} }
    : warm !== undefined && warm.state.cache.fingerprint === fingerprint
      ? warm.state.cache
      : readCache(cachePath, fingerprint);
  const failed = new Map<string, Diagnostic[]>();
  const cache: GenerateCache = { fingerprint, specs: {} };
  let parse = options.parse;

  const manifest: Manifest = { specs: {}, files: {} };
  const render = new Map<string, string>();
  const hashes = new Map<string, string>();
  const specs: SpecOutcome[] = [];
  const predicates: PredicatePlan[] = [];
  const slugs = new Map<string, string>();
  /** A spec whose output stays as the manifest has it. */
  const keep = (slug: string, old: SpecEntry) => {
    manifest.specs[slug] = old;
    wanted.set(slug, old.predicates ?? []);
    for (const [path, entry] of Object.entries(old.files)) hashes.set(path, entry.sha256);
  };
  /**
   * Nothing is rendered from a spec with errors: its previous output, if any, stays exactly as it
   * was (owned, not orphaned), and the other specs still generate.
   */
  const keepWithErrors = (file: string, shown: string, slug: string, old: SpecEntry | undefined, diagnostics: Diagnostic[]) => {
    if (old !== undefined) keep(slug, old);
    wanted.set(slug, old?.predicates ?? null);
    failed.set(file, diagnostics);
    specs.push({ file: shown, slug, diagnostics, rendered: false });
  };

  const declared = options.fields ?? {};
  /** Warnings against files outside the specs: template overrides that override nothing, declared fields that look misplaced. */
  const fileWarnings: TemplateWarning[] = [...loaded.warnings];
  const configFile = options.configFile ?? null;
  const names = warm?.state.names.cwd === cwd && warm.state.names.root === root ? warm.state.names : { cwd, root, byFile: new Map<string, SpecNames>() };
  for (const file of files) {
    let named = names.byFile.get(file);
    if (named === undefined) {
      // Diagnostics name the spec from where the user is; generated files from the project root.
      named = { slug: basename(file, extname(file)), shown: toPosix(relative(cwd, file)) || basename(file), specPath: toPosix(relative(root, file)) || basename(file) };
      names.byFile.set(file, named);
    }
    const { slug, shown, specPath } = named;
    const other = slugs.get(slug);
    if (other !== undefined) {
      throw new SpecConflictError(`${shown} and ${other} would both generate ${toPosix(relative(cwd, outDir)) || "."}/${slug}/; rename one of them`);
    }
    slugs.set(slug, shown);
    const old: SpecEntry | undefined = previous.specs[slug];
    // A cache entry holds only for the declared fields it was rendered with: a changed declaration re-renders the spec.
    const fieldsKey = declaredFieldsKey(Object.hasOwn(declared, slug) ? declared[slug] : undefined);
    const cachedSeen = cached.specs[slug];
    const seen = cachedSeen !== undefined && (cachedSeen.fields ?? '') === fieldsKey ? cachedSeen : undefined;
    if (warm !== undefined && !warm.dirty.has(file) && !options.force) {
      // Unchanged since this process last read it: trusted without a read, a hash or a stat.
      const failure = warm.state.failed.get(file);
      if (failure !== undefined) {
        keepWithErrors(file, shown, slug, old, failure);
        continue;
      }
      if (seen !== undefined && old !== undefined && seen.content === old.sha256 && old.spec === specPath) {
        keep(slug, old);
        cache.specs[slug] = seen;
        specs.push({ file: shown, slug, diagnostics: seen.diagnostics, rendered: false });
        for (const w of seen.fieldWarnings ?? []) fileWarnings.push(w);
        continue;
      }
    }
    const bytes = readFileSync(file);
    const hash = sha256(bytes);
    const userPredicates = predicatesPaths(root, outDir, predicatesDir, slug);
    const verified =
      seen !== undefined && old !== undefined && seen.bytes === hash && seen.content === old.sha256 && old.spec === specPath
        ? verifyOnDisk(outDir, old.files, seen.stats)
        : null;
    if (seen !== undefined && old !== undefined && verified !== null && predicatesLookComplete(userPredicates.path, old.predicates ?? [], seen.predicates)) {
      keep(slug, old);
      cache.specs[slug] = { ...seen, stats: verified };
      // Its warnings are shown on every run, not only when it is parsed again.
      specs.push({ file: shown, slug, diagnostics: seen.diagnostics, rendered: false });
      for (const w of seen.fieldWarnings ?? []) fileWarnings.push(w);
      continue;
    }
    parse ??= await defaultParse();
    const document = parse(file, bytes);
    if (document.diagnostics.some((d) => d.severity === 'error')) {
      keepWithErrors(file, shown, slug, old, document.diagnostics);
      continue;
    }
    let reads;
    try {
      reads = readsOfSpec(document, Object.hasOwn(declared, slug) ? declared[slug] : undefined);
    } catch (error) {
      if (error instanceof DeclaredFieldError) throw configProblem(configFile, ['fields', slug, ...error.keys], error.message);
      throw error;
    }
    // Warnings against the config file, at the key (and kept in the cache, so every run shows them).
    const fieldWarnings =
      configFile === null
        ? []
        : declaredFieldWarnings(document, Object.hasOwn(declared, slug) ? declared[slug] : undefined).map((w) => {
            const at = keyPositionInFile(configFile, ['fields', slug, ...w.keys]) ?? { line: 1, column: 1 };
            const diagnostic: Diagnostic = { severity: 'warning', code: 'field-path', message: `${keyName(['fields', slug, ...w.keys])}: ${w.message}`, ...at };
            return { file: configFile, diagnostics: [diagnostic] };
          });
    for (const w of fieldWarnings) fileWarnings.push(w);
    const view = createSpecView({ document: { ...document, file: specPath }, specPath, slug, predicates: userPredicates.location, reads });
    const rendered = renderSpec(view, templates);
    // The manifest records the content hash, not the bytes': an edit that changes nothing generate reads changes no file.
    const content = contentHash(document);
    const entry: SpecEntry = { spec: specPath, sha256: content, files: {}, predicates: view.predicates.map((p) => p.name) };
    cache.specs[slug] = { bytes: hash, content, diagnostics: document.diagnostics, stats: {}, ...(fieldsKey !== '' ? { fields: fieldsKey } : {}), ...(fieldWarnings.length > 0 ? { fieldWarnings } : {}) };
    for (const [path, text] of rendered) {
      const h = sha256(text);
      entry.files[path] = { sha256: h, bytes: Buffer.byteLength(text) };
      hashes.set(path, h);
      render.set(path, text);
    }
    manifest.specs[slug] = entry;
    wanted.set(slug, entry.predicates);
    if (view.predicates.length > 0) {
      predicates.push({ path: userPredicates.path, legacy: join(outDir, slug, LEGACY_PREDICATES_FILE), specPath, stubs: view.predicates });
    }
    specs.push({ file: shown, slug, diagnostics: document.diagnostics, rendered: true });
  }

  // `--specs one-file.rst` regenerates that spec; the others in the manifest are not gone, only not asked about.
  if (!statSync(specsPath).isDirectory()) {
    for (const [slug, entry] of Object.entries(previous.specs)) if (manifest.specs[slug] === undefined) keep(slug, entry);
  }
  // Fields declared for a spec that is not there would silently do nothing (a typo, a renamed spec file);
  // with one spec file given, the others are not asked about.
  const known = [...new Set([...slugs.keys(), ...Object.keys(manifest.specs)])].sort();
  for (const slug of statSync(specsPath).isDirectory() ? Object.keys(declared) : []) {
    if (known.includes(slug)) continue;
    const near = closestNames(slug, known);
    throw configProblem(
      configFile,
      ['fields', slug],
      `no spec ${JSON.stringify(slug)} (a spec is named by its file name without the extension); ${near.length > 0 ? `did you mean ${near.map((n) => JSON.stringify(n)).join(' or ')}? ` : ''}${known.length <= 12 ? `the specs: ${known.map((k) => JSON.stringify(k)).join(', ')}` : `${known.length} specs in ${toPosix(relative(cwd, specsPath)) || '.'}`}`,
    );
  }

  // The test groups, from every spec that has tests (rendered now or kept from before).
  const tested = Object.keys(manifest.specs).filter((slug) => manifest.specs[slug]!.files[`${slug}/${TESTS_MODULE}`] !== undefined);
  const testedKey = tested.sort().join('\n');
  if (warm !== undefined && !options.force && warm.state.tested === testedKey) {
    // The same specs have tests as in the last run of this process: its group files stand as written.
    for (const [path, file] of Object.entries(previous.files)) {
      manifest.files[path] = file;
      hashes.set(path, file.sha256);
    }
  } else {
    for (const [path, text] of renderTestGroups(tested, templates)) {
      const h = sha256(text);
      manifest.files[path] = { sha256: h, bytes: Buffer.byteLength(text) };
      hashes.set(path, h);
      render.set(path, text);
    }
  }

  const checked: RenderedFile[] = [...render].map(([path, text]) => ({ path: join(outDir, path), text, templates: [templateOf(path)] }));
  await checkRenderedOutput(checked, templates, cwd);

  const manifestText = formatManifest(manifest);
  render.set(MANIFEST_FILE, manifestText);
  hashes.set(MANIFEST_FILE, sha256(manifestText));
  // A warm run's previous output is what the last run planned (and wrote, manifest included).
  const previouslyOwned = warm !== undefined ? warm.state.owned : ownedFiles(previous);
  if (warm === undefined && existsSync(join(outDir, MANIFEST_FILE))) previouslyOwned.add(MANIFEST_FILE);
  // A watching process looks only in the folders it re-rendered: strays appear from outside (a checkout), not from a save.
  const strayScope = warm === undefined || options.force ? Object.keys(manifest.specs) : specs.filter((s) => s.rendered).map((s) => s.slug);
  const strays = strayFiles(outDir, strayScope, (path) => hashes.has(path) || previouslyOwned.has(path));
  return { specs, render, hashes, manifest, predicates, predicatesDir, wanted, previouslyOwned, cache, cacheFile: cachePath, failed, files, tested: testedKey, names, templates, templateWarnings: fileWarnings, strays, root };
}

export interface GenerateResult {
  specs: SpecOutcome[];
  written: string[];
  removed: string[];
  /** User predicate files created, moved out of the output folder or given new stubs (never overwritten); absolute paths. */
  predicates: PredicateChange[];
  /** Warnings (a predicate whose flow is gone) and errors (a file that does not parse) against the user's predicates files. */
  predicateProblems: PredicateProblem[];
  /** Files in the templates folder that override nothing (likely a typo in the name). */
  templateWarnings: TemplateWarning[];
  /** `.ts` files without the generated banner in a generated spec folder (output-relative): left alone, reported. */
  foreign: string[];
}

/** Renders what changed and applies it in one step; files it never generated are left alone. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const run = await generateRun(options);
  run.saveCache();
  return run.result;
}

export interface GenerateRun {
  result: GenerateResult;
  /** What the next run of this process may start from. */
  state: WarmState;
  /** Writes the local cache (a long-running caller does it when idle: a stale cache only costs the next run a re-hash). */
  saveCache: () => void;
}

/**
 * generate, for callers that keep state between runs: with `warm`, only its
 * dirty specs are read and only their files are stat'ed afterwards.
 */
export async function generateRun(options: GenerateOptions, warm?: WarmRun): Promise<GenerateRun> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = resolve(cwd, options.out);
  const plan = await planOutput(options, warm);
  const write = new Map<string, string>();
  for (const [path, text] of plan.render) {
    // A warm run knows the manifest it wrote last; the other files it renders are read back (a few).
    if (warm !== undefined && path === MANIFEST_FILE) {
      if (text !== warm.state.manifestText) write.set(path, text);
      continue;
    }
    const full = join(outDir, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== text) write.set(path, text);
  }
  const predicates = await planPredicates(plan.predicates, plan.predicatesDir, plan.wanted, 'generate', cwd, plan.templates);
  // Stubs rendered by an override are parsed too, before anything is written.
  await checkRenderedOutput(
    [...predicates.write].map(([path, text]) => ({ path, text, templates: ['predicates.ts', 'predicate-stub.ts'] as const })),
    plan.templates,
    cwd,
  );
  // Files of specs that are gone, and generated modules no spec makes any more that the manifest lost track of.
  const removed = [...[...plan.previouslyOwned].filter((path) => !plan.hashes.has(path)), ...plan.strays.filter((s) => s.generated).map((s) => s.path)].sort();
  // The manifest goes last so an interrupted run is re-checked next time.
  const manifestText = write.get(MANIFEST_FILE);
  if (manifestText !== undefined) {
    write.delete(MANIFEST_FILE);
    write.set(MANIFEST_FILE, manifestText);
  }
  // The user's files first: a stub in place before the module that imports it. A moved 0.1 file is deleted only after.
  const userWrites = new Map([...predicates.write].map(([path, text]) => [relative(plan.predicatesDir, path), text]));
  // A file of nothing but generate's untouched stubs that no flow needs goes with its spec (nothing of the user's is in it).
  const userRemoves = predicates.removable.map((path) => relative(plan.predicatesDir, path));
  if (userWrites.size > 0 || userRemoves.length > 0) applyChanges(plan.predicatesDir, { write: userWrites, remove: userRemoves });
  const legacy = predicates.remove.map((path) => relative(outDir, path));
  applyChanges(outDir, { write, remove: [...removed, ...legacy] });
  // On a warm run only the rendered specs' files can have new stats; the others are as the state has them.
  const rendered = warm === undefined || options.force ? undefined : new Set(plan.specs.filter((s) => s.rendered).map((s) => s.slug));
  rememberStats(outDir, plan, rendered);
  rememberParsedPredicates(plan, predicates.problems);
  // The predicates of the specs rendered now, against what was just written: a renamed or retyped field they read is a warning here, an error in check.
  const typed = plan.predicates.map((p) => p.path).filter((path) => existsSync(path) && !hasSyntaxProblem(predicates.problems, path));
  for (const problem of await typeCheckPredicates(plan, typed, 'warning')) predicates.problems.push(problem);
  return {
    result: {
      specs: plan.specs,
      written: [...write.keys()].sort(),
      removed,
      predicates: predicates.changes,
      predicateProblems: predicates.problems,
      templateWarnings: plan.templateWarnings,
      foreign: plan.strays.filter((s) => !s.generated).map((s) => s.path),
    },
    state: {
      files: plan.files,
      manifest: plan.manifest,
      cache: plan.cache,
      failed: plan.failed,
      tested: plan.tested,
      owned: new Set(plan.hashes.keys()),
      manifestText: plan.render.get(MANIFEST_FILE)!,
      names: plan.names,
    },
    saveCache: () => writeCache(plan.cacheFile, plan.cache),
  };
}

/** Records the stat of each predicates file that parsed, so the next run trusts it without parsing it again. */
function rememberParsedPredicates(plan: OutputPlan, problems: readonly PredicateProblem[]): void {
  const broken = new Set(problems.filter((p) => p.diagnostics.some((d) => d.code === 'predicates-syntax')).map((p) => p.file));
  for (const p of plan.predicates) {
    const entry = plan.cache.specs[basename(p.path, '.ts')];
    if (entry === undefined) continue;
    delete entry.predicates;
    if (broken.has(p.path)) continue;
    try {
      const { size, mtimeMs } = statSync(p.path);
      entry.predicates = { size, mtimeMs };
    } catch {
      // not written (check mode never gets here)
    }
  }
}

/** Records what a stat says of each file now on disk (of the `only` specs, when given), so the next run trusts it without reading it. */
function rememberStats(outDir: string, plan: OutputPlan, only?: ReadonlySet<string>): void {
  for (const [slug, entry] of Object.entries(plan.cache.specs)) {
    if (only !== undefined && !only.has(slug)) continue;
    const files = plan.manifest.specs[slug]?.files ?? {};
    for (const path of Object.keys(files)) {
      try {
        const { size, mtimeMs } = statSync(join(outDir, path));
        entry.stats[path] = { size, mtimeMs };
      } catch {
        delete entry.stats[path];
      }
    }
  }
}

export interface CheckResult {
  specs: SpecOutcome[];
  stale: string[];
  missing: string[];
  orphaned: string[];
  /** Generated modules (with the banner) in a spec folder that no spec generates: generate removes them. */
  strays: string[];
  /** `.ts` files without the banner in a generated spec folder: the user's, left alone (a warning). */
  foreign: string[];
  /** User predicates files missing, or lacking stubs flows need (absolute path, names). */
  predicates: { path: string; names: string[] }[];
  /** User predicates files holding only generate's untouched stubs, which no flow needs: generate removes them (absolute paths). */
  removablePredicates: string[];
  /** Errors against the user's predicates files: a predicate whose flow is gone, a file that does not parse, a 0.1 file to move. */
  predicateProblems: PredicateProblem[];
  /** Files in the templates folder that override nothing. */
  templateWarnings: TemplateWarning[];
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
  const predicates = await planPredicates(plan.predicates, plan.predicatesDir, plan.wanted, 'check', cwd, plan.templates);
  // Every predicates file of a known spec, against the files generate would write (and without those it would remove).
  const typed = predicatesFiles(plan.predicatesDir)
    .filter((slug) => (plan.wanted.get(slug)?.length ?? 0) > 0)
    .map((slug) => join(plan.predicatesDir, `${slug}.ts`))
    .filter((path) => !hasSyntaxProblem(predicates.problems, path));
  const overlay = new Map([...plan.render].map(([path, text]) => [join(outDir, path), text]));
  const hidden = new Set([...orphaned, ...plan.strays.filter((s) => s.generated).map((s) => s.path)].map((path) => join(outDir, path)));
  for (const problem of await typeCheckPredicates(plan, typed, 'error', overlay, hidden)) predicates.problems.push(problem);
  return {
    specs: plan.specs,
    stale: stale.sort(),
    missing: missing.sort(),
    orphaned: orphaned.sort(),
    strays: plan.strays.filter((s) => s.generated).map((s) => s.path),
    foreign: plan.strays.filter((s) => !s.generated).map((s) => s.path),
    predicates: predicates.missing,
    removablePredicates: predicates.removable,
    predicateProblems: predicates.problems,
    templateWarnings: plan.templateWarnings,
  };
}

function hasSyntaxProblem(problems: readonly PredicateProblem[], path: string): boolean {
  return problems.some((p) => p.file === path && p.diagnostics.some((d) => d.code === 'predicates-syntax'));
}

/** The type check of predicates files (TypeScript loads only when there is a file to check). */
async function typeCheckPredicates(
  plan: OutputPlan,
  files: readonly string[],
  severity: Diagnostic['severity'],
  overlay?: ReadonlyMap<string, string>,
  hidden?: ReadonlySet<string>,
): Promise<PredicateProblem[]> {
  if (files.length === 0) return [];
  const expected = new Map<string, ExpectedPredicate[]>();
  for (const p of plan.predicates) expected.set(p.path, p.stubs.map((s) => ({ name: s.name, module: s.module, sourceType: s.sourceType })));
  // Exported predicates no flow of the file's spec needs: reported as orphaned already.
  const orphaned = new Map<string, Set<string>>();
  for (const file of files) {
    const wanted = new Set(plan.wanted.get(basename(file, '.ts')) ?? []);
    try {
      orphaned.set(file, new Set(exportedPredicates(readFileSync(file, 'utf8')).map((p) => p.name).filter((name) => !wanted.has(name))));
    } catch {
      // Unreadable: the type check says so.
    }
  }
  const { predicateTypeProblems } = await import('./emit/predicate-types.js');
  return predicateTypeProblems({
    files,
    predicatesDir: plan.predicatesDir,
    root: plan.root,
    expected,
    orphaned,
    severity,
    ...(overlay !== undefined ? { overlay } : {}),
    ...(hidden !== undefined ? { hidden } : {}),
  });
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
