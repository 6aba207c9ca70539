/**
 * Finds and loads `dataflow.config.ts` / `.mjs` / `.json` (lilconfig searches
 * from the working folder upwards; tsx, already what `sync` loads generated
 * TypeScript with, compiles a TypeScript config), then checks and resolves it.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lilconfig, type Loader } from 'lilconfig';
import { ConfigError, defaultConfig, resolveConfig, shownPath } from './resolve-config.js';
import type { ResolvedConfig } from './types.js';

/** Searched for in this order in each folder from the working folder up. */
export const CONFIG_FILES = ['dataflow.config.ts', 'dataflow.config.mjs', 'dataflow.config.json'];

export interface LoadConfigOptions {
  /** Where the search starts, and what paths resolve against without a config file. Default: process.cwd(). */
  cwd?: string;
  /** A config file to load instead of searching (`--config FILE`), relative to cwd. */
  file?: string;
}

const loadJson: Loader = (file, content) => {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    throw new ConfigError(`${shownPath(file)}${jsonPosition(content, error)}: not valid JSON: ${(error as Error).message}`);
  }
};

const loadModule: Loader = async (file) => {
  let module: { default?: unknown };
  try {
    // tsx for .mjs too: esbuild names the line and column of a syntax error, Node's own loader does not.
    // tsImport evaluates the file afresh on every call (a namespace of its own), so a saved config is read again.
    const { tsImport } = await import('tsx/esm/api');
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(loadFailure(file, error));
  }
  // tsx gives a CommonJS-compiled config as { default: { default: config } }.
  let config = module.default;
  if (isModuleWrapper(config)) config = config.default;
  if (config === undefined) throw new ConfigError(`${shownPath(file)}: exports no default config (write \`export default defineConfig({ ... })\`)`);
  return config;
};

const searcher = lilconfig('dataflow', {
  searchPlaces: CONFIG_FILES,
  loaders: { '.ts': loadModule, '.mts': loadModule, '.cts': loadModule, '.mjs': loadModule, '.js': loadModule, '.cjs': loadModule, '.json': loadJson },
  ignoreEmptySearchPlaces: false,
  cache: false,
});

/** The config for a command run in `cwd` (with `--config FILE` when given); defaults relative to cwd when there is none. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  if (options.file !== undefined) {
    const file = resolve(cwd, options.file);
    if (!existsSync(file)) throw new ConfigError(`${options.file}: no such config file`);
    if (statSync(file).isDirectory()) throw new ConfigError(`${options.file}: is a folder, not a config file`);
    if (!['.ts', '.mts', '.cts', '.mjs', '.js', '.cjs', '.json'].includes(extname(file))) {
      throw new ConfigError(`${options.file}: a config file is .ts, .mjs or .json`);
    }
    return fromResult(await searcher.load(file));
  }
  const found = await searcher.search(cwd);
  return found === null ? defaultConfig(cwd) : fromResult(found);
}

function fromResult(result: { filepath: string; config: unknown; isEmpty?: boolean } | null): ResolvedConfig {
  if (result === null) throw new ConfigError('config: not found');
  if (result.isEmpty) throw new ConfigError(`${shownPath(result.filepath)}: is empty (write \`export default defineConfig({ ... })\`)`);
  return resolveConfig(result.config, result.filepath, dirname(result.filepath));
}

function isModuleWrapper(value: unknown): value is { default: unknown } {
  return typeof value === 'object' && value !== null && 'default' in value && Object.keys(value).every((k) => k === 'default' || k === '__esModule');
}

/** `file:line:column: message` for a config that does not compile or throws while loading. */
function loadFailure(path: string, error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const file = shownPath(path);
  const message = error instanceof Error ? error.message : String(error);
  // esbuild (through tsx): "Transform failed with 1 error:\n/abs/file.ts:3:14: ERROR: Expected ..."
  const esbuild = /:(\d+):(\d+): ERROR: (.+)/.exec(message);
  if (esbuild) return `${file}:${esbuild[1]}:${esbuild[2]}: syntax error: ${esbuild[3]}`;
  // Node's own loader runs a .mjs config and does not say where its syntax error is.
  if (error instanceof SyntaxError) return `${file}: syntax error: ${firstLine(message)}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `${file}: cannot load: ${firstLine(message)}`;
  return `${file}: failed while loading: ${firstLine(message)}`;
}

function jsonPosition(content: string, error: unknown): string {
  const at = /position (\d+)/.exec((error as Error).message);
  if (!at) return '';
  const before = content.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return `:${line}:${before.length - before.lastIndexOf('\n')}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
