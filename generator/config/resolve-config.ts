/**
 * Checks a loaded config value field by field and resolves it: paths made
 * absolute against the config's folder, defaults filled in. A field of the
 * wrong type, or one dataflow does not know (a typo), is a ConfigError naming
 * the file and the field. A new field goes into DataflowConfig and FIELDS.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { CHANGE_KINDS } from '../diff/change.js';
import type { AcceptedChange, LintLevel, OutputFormat, ResolvedConfig } from './types.js';
import type { SystemAdapter } from '../../runtime/sync/adapter.js';

/** A config file that cannot be loaded or says something invalid: a usage error (exit 2), never a stack trace. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A config file's path in messages: as typed from the working folder (`dataflow.config.ts`, `../dataflow.config.ts`), else absolute. */
export function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path === '' || isAbsolute(path) ? file : path;
}

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];
const LINT_LEVELS: readonly LintLevel[] = ['off', 'warning', 'error'];
const ACCEPT_FIELDS = ['kind', 'spec', 'flow', 'row', 'reason'];
const FIELDS = ['specs', 'out', 'predicates', 'templates', 'format', 'diff', 'systems', 'state', 'sync', 'lint', 'docs'];

/** The config used when there is no config file: everything relative to `root`. */
export function defaultConfig(root: string): ResolvedConfig {
  return resolveConfig({}, null, root);
}

/** `value` (what the config file exports) checked and resolved against `root`, the config file's folder. */
export function resolveConfig(value: unknown, file: string | null, root: string): ResolvedConfig {
  const where = file === null ? 'config' : shownPath(file);
  const fail = (message: string): never => {
    throw new ConfigError(`${where}: ${message}`);
  };
  if (!isObject(value)) fail(`the config must be an object (export default defineConfig({ ... })), not ${describe(value)}`);
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!FIELDS.includes(key)) fail(`unknown field "${key}" (known fields: ${FIELDS.join(', ')})`);
  }
  const path = (field: string, fallback: string | null, from: unknown = config[field]): string | null => {
    if (from === undefined) return fallback === null ? null : resolve(root, fallback);
    if (typeof from !== 'string' || from === '') return fail(`"${field}" must be a non-empty path string, not ${describe(from)}`);
    return isAbsolute(from) ? from : resolve(root, from);
  };
  const section = (field: string, keys: readonly string[]): Record<string, unknown> => {
    const v = config[field];
    if (v === undefined) return {};
    if (!isObject(v)) return fail(`"${field}" must be an object, not ${describe(v)}`);
    for (const key of Object.keys(v)) if (!keys.includes(key)) fail(`unknown field "${field}.${key}" (known: ${keys.join(', ')})`);
    return v;
  };

  const format = config.format ?? 'text';
  if (!OUTPUT_FORMATS.includes(format as OutputFormat)) fail(`"format" must be one of ${OUTPUT_FORMATS.map((f) => `"${f}"`).join(', ')}, not ${describe(format)}`);

  const diff = section('diff', ['accept']);
  const accept = diff.accept ?? [];
  if (!Array.isArray(accept)) fail(`"diff.accept" must be an array of accepted changes, not ${describe(accept)}`);
  const accepted = (accept as unknown[]).map((entry, i) => acceptedChange(entry, `diff.accept[${i}]`, fail));

  const systems = config.systems ?? {};
  if (!isObject(systems)) fail(`"systems" must be an object keyed by system name, not ${describe(systems)}`);
  for (const [name, adapter] of Object.entries(systems)) {
    if (!isObject(adapter) || typeof adapter.list !== 'function') fail(`"systems.${name}" must be a system adapter (an object with list, create and update), not ${describe(adapter)}`);
  }

  const sync = section('sync', ['fullEvery']);
  if (sync.fullEvery !== undefined && (typeof sync.fullEvery !== 'number' || !Number.isInteger(sync.fullEvery) || sync.fullEvery < 1)) {
    fail(`"sync.fullEvery" must be a positive whole number, not ${describe(sync.fullEvery)}`);
  }
  const lint = section('lint', ['rules']);
  const rules = lint.rules ?? {};
  if (!isObject(rules)) fail(`"lint.rules" must be an object of rule -> "off" | "warning" | "error", not ${describe(rules)}`);
  for (const [rule, level] of Object.entries(rules)) {
    if (!LINT_LEVELS.includes(level as LintLevel)) fail(`"lint.rules.${rule}" must be "off", "warning" or "error", not ${describe(level)}`);
  }
  const docs = section('docs', ['out']);
  const docsOut = path('docs.out', null, docs.out);

  return {
    file,
    root,
    specs: path('specs', 'specs')!,
    out: path('out', 'generated')!,
    predicates: path('predicates', 'predicates')!,
    templates: path('templates', null),
    format: format as OutputFormat,
    diff: { accept: accepted },
    systems: systems as Record<string, SystemAdapter>,
    state: path('state', '.dataflow/state.db')!,
    sync: sync.fullEvery === undefined ? {} : { fullEvery: sync.fullEvery as number },
    lint: { rules: rules as Record<string, LintLevel> },
    docs: docsOut === null ? {} : { out: docsOut },
  };
}

function acceptedChange(entry: unknown, at: string, fail: (message: string) => never): AcceptedChange {
  if (!isObject(entry)) return fail(`"${at}" must be an object { kind, spec, flow?, row?, reason? }, not ${describe(entry)}`);
  for (const key of Object.keys(entry)) if (!ACCEPT_FIELDS.includes(key)) fail(`unknown field "${at}.${key}" (known: ${ACCEPT_FIELDS.join(', ')})`);
  if (!CHANGE_KINDS.includes(entry.kind as AcceptedChange['kind'])) {
    fail(`"${at}.kind" must be a change kind (${CHANGE_KINDS.join(', ')}), not ${describe(entry.kind)}`);
  }
  const result: AcceptedChange = { kind: entry.kind as AcceptedChange['kind'], spec: '' };
  for (const key of ['spec', 'flow', 'row', 'reason'] as const) {
    const v = entry[key];
    if (v === undefined && key !== 'spec') continue;
    if (typeof v !== 'string' || v.trim() === '') fail(`"${at}.${key}" must be a non-empty string, not ${describe(v)}`);
    result[key] = v as string;
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}
