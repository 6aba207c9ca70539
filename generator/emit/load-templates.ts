/**
 * Reads the user's templates folder (the config's `templates`) into a compiled
 * template set: a file named like a built-in template or partial (`flow.ts.hbs`,
 * `banner.hbs`) replaces it, a file named like none is a warning with the
 * names it is close to, and one that does not compile is a TemplateError.
 * Called again on every run (generate --watch does), compiling only when the
 * folder's contents changed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../ir.js';
import { builtinSource, builtinTemplates, TEMPLATE_FILES, TemplateSet, type TemplateSource } from './templates.js';
import { TemplateError } from './template-error.js';
import { editDistance } from '../near-names.js';

export interface TemplateWarning {
  /** Absolute path of the file the warning is about. */
  file: string;
  diagnostics: Diagnostic[];
}

export interface LoadedTemplates {
  templates: TemplateSet;
  /** Files in the folder that override nothing (likely typos). */
  warnings: TemplateWarning[];
  /** Every file read from the folder (absolute), for a watcher. */
  files: string[];
}

/** Files under `dir`, `/`-separated relative paths; dot files and folders (.DS_Store, .git) are not templates. */
function listFiles(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) listFiles(full, base, out);
    else out.push(relative(base, full).split(sep).join('/'));
  }
  return out;
}

/** The known names close to `name`: a few edits away, or the same name without or with its `.hbs`/`.ts`. */
export function nearNames(name: string): string[] {
  const bare = (n: string) => n.replace(/^.*\//, '').replace(/(\.test)?(\.ts)?(\.hbs|\.handlebars)?$/, '');
  return TEMPLATE_FILES.map((known) => ({ known, d: Math.min(editDistance(name, known), editDistance(bare(name), bare(known)) + (bare(name) === name ? 0 : 1)) }))
    .filter(({ known, d }) => d <= Math.max(3, Math.floor(known.length / 3)))
    .sort((a, b) => a.d - b.d || a.known.localeCompare(b.known))
    .slice(0, 3)
    .map(({ known }) => known);
}

let last: { signature: string; templates: TemplateSet } | undefined;

/**
 * The template set for a run: the built-ins when `dir` is null, else the
 * built-ins with the overrides in `dir`. A folder that does not exist, or an
 * override that does not compile, throws a TemplateError.
 */
export function loadTemplates(dir: string | null): LoadedTemplates {
  if (dir === null) return { templates: builtinTemplates(), warnings: [], files: [] };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new TemplateError(dir, 1, 1, 'the templates folder the config names does not exist (create it, e.g. with `dataflow templates eject NAME`, or remove "templates" from the config)', 'templates-folder');
  }
  const warnings: TemplateWarning[] = [];
  const overrides = new Map<string, TemplateSource>();
  const files: string[] = [];
  for (const file of listFiles(dir)) {
    const path = join(dir, file);
    files.push(path);
    if (TEMPLATE_FILES.includes(file)) {
      overrides.set(file, { file, path, text: readFileSync(path, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), override: true });
      continue;
    }
    const near = nearNames(file);
    const hint = near.length > 0 ? `did you mean ${near.join(' or ')}? ` : '';
    warnings.push({
      file: path,
      diagnostics: [
        {
          severity: 'warning',
          code: 'unknown-template',
          message: `overrides nothing: there is no template or partial "${file}"; ${hint}(the names: ${TEMPLATE_FILES.join(', ')})`,
          line: 1,
          column: 1,
        },
      ],
    });
  }
  const sources = TEMPLATE_FILES.map((file) => overrides.get(file) ?? builtinSource(file));
  const signature = JSON.stringify(sources.map((s) => [s.path, s.text]));
  if (last?.signature !== signature) last = { signature, templates: new TemplateSet(sources) };
  return { templates: last.templates, warnings, files };
}
