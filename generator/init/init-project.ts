/**
 * `dataflow init`: sets up a project to use dataflow, new or existing. Writes
 * the config, specs/, a strict tsconfig and a CI workflow where none exist
 * (`force` replaces them), appends what is missing to .gitignore, and adds npm
 * scripts whose names are free. It never changes what the user's JavaScript
 * means: package.json's "type" is set only where nothing depends on it. Every
 * step says what it did, or what it left and why, so a second run changes nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { CONFIG_FILES } from '../config/load-config.js';
import {
  CONFIG_MJS_TEXT,
  CONFIG_TEXT,
  NPM_PLACEHOLDER_TEST,
  SCRIPTS,
  SPECS_README,
  tsconfigText,
  WORKFLOW_FILE,
  WORKFLOW_TEXT,
} from './files.js';
import { extendGitignore, GITIGNORE_LINES, newGitignore } from './gitignore.js';
import { tsconfigProblems } from './tsconfig-fit.js';

export interface InitOptions {
  /** The project folder (default: the working folder). */
  dir: string;
  /** Write the GitHub Actions workflow (default true). */
  ci?: boolean;
  /** Replace the files init writes (config, tsconfig.json, workflow) where they exist. */
  force?: boolean;
  /** Set package.json "type" to "module" even where .js files or an explicit "type" would change meaning. */
  esm?: boolean;
}

export interface InitStep {
  path: string;
  action: 'created' | 'updated' | 'replaced' | 'kept' | 'warning';
  detail: string;
}

export class InitError extends Error {}

type Package = { name?: string; type?: unknown; scripts?: Record<string, string>; [key: string]: unknown };

export async function initProject(options: InitOptions): Promise<InitStep[]> {
  const { dir } = options;
  const steps: InitStep[] = [];
  const write = (path: string, text: string, what: string) => {
    const full = join(dir, path);
    if (existsSync(full)) {
      if (!options.force) {
        steps.push({ path, action: 'kept', detail: 'exists; left as it is (--force replaces it)' });
        return;
      }
      if (readFileSync(full, 'utf8') === text) {
        steps.push({ path, action: 'kept', detail: 'already what init writes' });
        return;
      }
      writeFileSync(full, text);
      steps.push({ path, action: 'replaced', detail: `${what} (--force)` });
      return;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    steps.push({ path, action: 'created', detail: what });
  };

  const pkg = readPackage(dir);
  const esm = moduleType(dir, pkg, options.esm === true);

  // An ES module file whatever the package says: `.ts` in an ES module package, `.mjs` otherwise.
  const configName = esm.module ? 'dataflow.config.ts' : 'dataflow.config.mjs';
  const existingConfig = CONFIG_FILES.find((name) => existsSync(join(dir, name)));
  if (existingConfig !== undefined && (existingConfig !== configName || !options.force)) {
    steps.push({ path: existingConfig, action: 'kept', detail: existingConfig === configName ? 'exists; left as it is (--force replaces it)' : 'exists; left as it is' });
  } else {
    write(configName, esm.module ? CONFIG_TEXT : CONFIG_MJS_TEXT, `the config (specs, output and predicates folders, format, accepted changes)${esm.module ? '' : '; .mjs, an ES module in this CommonJS package'}`);
  }

  if (existsSync(join(dir, 'specs'))) steps.push({ path: 'specs/', action: 'kept', detail: 'exists' });
  else write('specs/README.md', SPECS_README, 'the specs folder: put spec documents here');

  steps.push(packageScripts(dir, pkg, esm));

  // The user's own config decides the folders; the one written just now holds the defaults.
  const folders = existingConfig !== undefined ? await configFolders(dir) : { out: join(dir, 'generated'), predicates: join(dir, 'predicates') };
  if (existsSync(join(dir, 'tsconfig.json')) && !options.force) {
    steps.push({ path: 'tsconfig.json', action: 'kept', detail: 'exists; left as it is (--force replaces it)' });
    for (const problem of await tsconfigProblems(dir, { ...folders, esm: esm.module })) steps.push({ path: 'tsconfig.json', action: 'warning', detail: problem });
  } else {
    // The folders the config names (a .mjs config is JavaScript: tsc leaves it to the editor's @ts-check).
    const include = [folders.out, folders.predicates].map((f) => relative(dir, f).split(sep).join('/') || '.');
    const config = basename(folders.config ?? configName);
    if (config.endsWith('.ts')) include.push(config);
    write('tsconfig.json', tsconfigText(esm.module, include), `a strict TypeScript config for the generated code and your predicates${esm.module ? '' : ' (bundler resolution: the package stays CommonJS)'}`);
  }

  steps.push(gitignore(dir));
  if (options.ci !== false) write(WORKFLOW_FILE, WORKFLOW_TEXT, 'CI: check, diff on pull requests, tsc, the generated tests');
  return steps;
}

function readPackage(dir: string): { text: string; pkg: Package } | null {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  let pkg: Package;
  try {
    pkg = JSON.parse(text) as Package;
  } catch (error) {
    throw new InitError(`package.json: not valid JSON (${(error as Error).message}); fix it and run \`dataflow init\` again`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new InitError('package.json: not a JSON object');
  return { text, pkg };
}

interface ModuleDecision {
  /** The package is (or is made) "type": "module". */
  module: boolean;
  /** Set "type" to "module" in package.json. */
  set: boolean;
  /** What to say about it. */
  note: string;
}

/**
 * Generated code, predicates and the config are ES modules. "type": "module" is set only where it changes
 * nothing else: a package without "type" and without .js files (whose meaning it would flip from CommonJS).
 */
function moduleType(dir: string, found: { pkg: Package } | null, force: boolean): ModuleDecision {
  if (found === null) return { module: true, set: true, note: '' };
  const type = found.pkg.type;
  if (type === 'module') return { module: true, set: false, note: '' };
  const was = type === undefined ? 'unset, i.e. commonjs' : JSON.stringify(type);
  if (force) return { module: true, set: true, note: `"type" set to "module" (was ${was}; --esm)` };
  if (type !== undefined) {
    return { module: false, set: false, note: `"type" ${JSON.stringify(type)} left as it is: the config is written as .mjs and the tsconfig resolves like a bundler, so generated code works in a CommonJS package (--esm sets "type": "module")` };
  }
  const js = jsFiles(dir);
  if (js.length === 0) return { module: true, set: true, note: '"type" set to "module" (was unset, i.e. commonjs, and the project has no .js files whose meaning it changes): generated code is ES modules' };
  const shown = js.slice(0, 3).join(', ') + (js.length > 3 ? `, and ${js.length - 3} more` : '');
  return {
    module: false,
    set: false,
    note: `"type" left unset (commonjs): "module" would turn ${shown} into ES modules; the config is written as .mjs and the tsconfig resolves like a bundler instead (--esm sets "type": "module")`,
  };
}

/** The project's own .js files (not node_modules, hidden or output folders), up to a few levels deep. */
function jsFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (found.length >= 50) return;
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory() && depth < 6) walk(join(folder, e.name), path, depth + 1);
      else if (e.isFile() && e.name.endsWith('.js')) found.push(path);
    }
  };
  walk(dir, '', 0);
  return found;
}

/** The output and predicates folders the project's config names (its defaults without one, or when it does not load). */
async function configFolders(dir: string): Promise<{ out: string; predicates: string; config?: string }> {
  const defaults = { out: join(dir, 'generated'), predicates: join(dir, 'predicates') };
  if (!CONFIG_FILES.some((name) => existsSync(join(dir, name)))) return defaults;
  try {
    const { loadConfig } = await import('../config/load-config.js');
    const config = await loadConfig({ cwd: dir });
    return config.file !== null && dirname(config.file) === dir ? { out: config.out, predicates: config.predicates, config: config.file } : defaults;
  } catch {
    return defaults;
  }
}

function gitignore(dir: string): InitStep {
  const path = join(dir, '.gitignore');
  if (!existsSync(path)) {
    writeFileSync(path, newGitignore());
    return { path: '.gitignore', action: 'created', detail: `ignores ${GITIGNORE_LINES.map((l) => l.line).join(', ')}` };
  }
  const { text, added } = extendGitignore(readFileSync(path, 'utf8'));
  if (text === null) return { path: '.gitignore', action: 'kept', detail: `already ignores ${GITIGNORE_LINES.map((l) => l.line).join(', ')}` };
  writeFileSync(path, text);
  return { path: '.gitignore', action: 'updated', detail: `appended ${added.join(', ')}` };
}

/** Adds the scripts whose names are free, and "type" as decided; a name in use with another command is kept, and said. */
function packageScripts(dir: string, found: { text: string; pkg: Package } | null, esm: ModuleDecision): InitStep {
  const path = join(dir, 'package.json');
  const text = found?.text ?? '';
  const pkg: Package = found?.pkg ?? { name: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'dataflow-project', private: true, type: 'module' };
  const scripts = { ...(pkg.scripts ?? {}) };
  const added: string[] = [];
  const kept: string[] = [];
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const current = scripts[name];
    if (current === undefined || (name === 'test' && NPM_PLACEHOLDER_TEST.test(current))) {
      scripts[name] = command;
      added.push(name);
    } else if (current !== command) kept.push(`${name} ("${current}")`);
  }
  const typeNote = esm.note === '' ? '' : `; ${esm.note}`;
  if (found !== null && added.length === 0 && !esm.set) {
    const scriptsNote = kept.length > 0 ? `scripts in use kept: ${kept.join(', ')}; add the dataflow commands to them yourself` : 'scripts generate, check, test present';
    return { path: 'package.json', action: 'kept', detail: `${scriptsNote}${typeNote}` };
  }
  if (found !== null && esm.set) pkg.type = 'module';
  pkg.scripts = scripts;
  // Keep the file's own indentation and final newline.
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  writeFileSync(path, `${JSON.stringify(pkg, null, indent)}\n`);
  const detail = `${added.length > 0 ? `scripts ${added.join(', ')} added` : 'scripts kept'}${kept.length > 0 ? `; in use and kept: ${kept.join(', ')}` : ''}${typeNote}`;
  return { path: 'package.json', action: found === null ? 'created' : 'updated', detail };
}
