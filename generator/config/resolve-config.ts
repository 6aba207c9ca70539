/**
 * Checks a loaded config value field by field and resolves it: paths made
 * absolute against the config's folder, defaults filled in. A field of the
 * wrong type, or one dataflow does not know (a typo), is a ConfigError naming
 * the file and the field. A new field goes into DataflowConfig and FIELDS.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { CHANGE_KINDS } from '../diff/change.js';
import type { AcceptedChange, DeclaredFields, LintLevel, OutputFormat, ReadFieldType, ResolvedConfig } from './types.js';
import { keyPositionInFile } from './key-position.js';
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
export const READ_FIELD_TYPES: readonly ReadFieldType[] = ['string', 'number', 'integer', 'boolean', 'datetime', 'unknown'];
const LINT_LEVELS: readonly LintLevel[] = ['off', 'warning', 'error'];
const ACCEPT_FIELDS = ['kind', 'spec', 'flow', 'row', 'reason'];
const FIELDS = ['specs', 'out', 'predicates', 'templates', 'fields', 'format', 'diff', 'systems', 'state', 'sync', 'lint', 'docs'];

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
  const fields = declaredFields(config.fields, (keys, message) => {
    throw configProblem(file, ['fields', ...keys], message);
  });
  const docs = section('docs', ['out']);
  const docsOut = path('docs.out', null, docs.out);

  return {
    file,
    root,
    specs: path('specs', 'specs')!,
    out: path('out', 'generated')!,
    predicates: path('predicates', 'predicates')!,
    templates: path('templates', null),
    fields,
    format: format as OutputFormat,
    diff: { accept: accepted },
    systems: systems as Record<string, SystemAdapter>,
    state: path('state', '.dataflow/state.db')!,
    sync: sync.fullEvery === undefined ? {} : { fullEvery: sync.fullEvery as number },
    lint: { rules: rules as Record<string, LintLevel> },
    docs: docsOut === null ? {} : { out: docsOut },
  };
}

/** How messages name a nested config key: `fields["hubspot-tripletex"]["HubSpot Deal"]` (keys may hold dots). */
export function keyName(keys: readonly string[]): string {
  const [first, ...rest] = keys;
  return `${first ?? ''}${rest.map((k) => `[${JSON.stringify(k)}]`).join('')}`;
}

/**
 * A problem with the value at `keys` of the config (`['fields', 'x', 'HubSpot Deal']`), at
 * `file:line:column` where the key is found in the file's text, else at the file.
 */
export function configProblem(file: string | null, keys: readonly string[], message: string): ConfigError {
  if (file === null) return new ConfigError(`config: ${keyName(keys)}: ${message}`);
  const at = keyPositionInFile(file, keys);
  return new ConfigError(`${shownPath(file)}${at === null ? '' : `:${at.line}:${at.column}`}: ${keyName(keys)}: ${message}`);
}

/** `fields` checked for shape (spec -> entity -> dot path -> type); which specs and entities exist, generate checks. */
function declaredFields(value: unknown, fail: (keys: string[], message: string) => never): DeclaredFields {
  if (value === undefined) return {};
  const example = `{ "<spec>": { "<System> <Entity>": { "<dot.path>": "number" } } }`;
  if (!isObject(value)) return fail([], `must be an object ${example}, not ${describe(value)}`);
  const out: DeclaredFields = {};
  for (const [slug, entities] of Object.entries(value)) {
    if (!isObject(entities)) fail([slug], `must be an object of entities as the flow titles name them ("HubSpot Deal"), not ${describe(entities)}`);
    const bySlug: Record<string, Record<string, ReadFieldType>> = {};
    for (const [entity, paths] of Object.entries(entities as Record<string, unknown>)) {
      if (entity.trim() === '') fail([slug, entity], 'an entity is named as the flow titles name it ("HubSpot Deal"), not by an empty string');
      if (!isObject(paths)) fail([slug, entity], `must be an object of dot path -> type ({ "properties.hs_deal_stage_probability": "number" }), not ${describe(paths)}`);
      const types: Record<string, ReadFieldType> = {};
      for (const [path, type] of Object.entries(paths as Record<string, unknown>)) {
        if (path.split('.').some((segment) => segment.trim() === '')) {
          fail([slug, entity, path], 'a field is a dot path of non-empty names ("properties.hs_deal_stage_probability")');
        }
        if (!READ_FIELD_TYPES.includes(type as ReadFieldType)) {
          fail([slug, entity, path], `the type must be one of ${READ_FIELD_TYPES.map((t) => `"${t}"`).join(', ')}, not ${describe(type)}`);
        }
        Object.defineProperty(types, path, { value: type, enumerable: true, writable: true, configurable: true });
      }
      Object.defineProperty(bySlug, entity, { value: types, enumerable: true, writable: true, configurable: true });
    }
    Object.defineProperty(out, slug, { value: bySlug, enumerable: true, writable: true, configurable: true });
  }
  return out;
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
