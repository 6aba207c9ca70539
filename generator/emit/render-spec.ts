/**
 * Renders one spec's view model into the files `generate` owns for it:
 * `<slug>/index.ts`, `<slug>/<flow>.ts` per flow, and `<slug>/tests.ts` with the
 * tests of every flow, which the output folder's few `tests-N.test.ts` files
 * run (a test file per flow or spec made a large project's test run pay
 * vitest's per-file isolation thousands of times).
 */
import { createHash } from 'node:crypto';
import type { SpecView } from '../model/spec-model.js';
import { DO_NOT_EDIT } from '../model/spec-model.js';
import { commentText, stringLiteral } from '../naming.js';
import { builtinTemplates, type TemplateName, type TemplateSet } from './templates.js';

/** Relative path (`/`-separated, under the output folder) -> file text. */
export type FileSet = Map<string, string>;

/** LF only, no trailing blanks, exactly one final newline: byte-stable output. */
export function tidy(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

export function renderSpec(view: SpecView, templates: TemplateSet = builtinTemplates()): FileSet {
  const renderTemplate = (name: TemplateName, v: object) => templates.render(name, v);
  const files: FileSet = new Map();
  const dir = view.slug;
  files.set(`${dir}/index.ts`, tidy(renderTemplate('index.ts', view)));
  for (const flow of view.flows) files.set(`${dir}/${flow.stem}.ts`, tidy(renderTemplate('flow.ts', { banner: flow.banner, flow })));
  // A spec without flows has no tests (and a test file without tests fails vitest).
  if (view.flows.length > 0) {
    const testsUseConversionError = view.flows.some((f) => f.testsUseConversionError);
    const testRuntimeImports = [
      ...(testsUseConversionError ? ['ConversionError'] : []),
      ...(view.flows.some((f) => f.testsUseReadPath) ? ['readPath'] : []),
    ].join(', ');
    files.set(`${dir}/${TESTS_MODULE}`, tidy(renderTemplate('tests.ts', { ...view, testsUseConversionError, testRuntimeImports })));
  }
  return files;
}

/** The module of a spec folder holding its tests (not a test file itself: the groups run it). */
export const TESTS_MODULE = 'tests.ts';

/**
 * How many test files the tests of all specs are spread over: enough to keep
 * the workers of a multi-core CI runner busy, few enough that vitest's per-file
 * isolation costs next to nothing.
 */
export const TEST_GROUPS = 8;

/** `tests-N.test.ts`: the group of a spec by a hash of its slug, so adding a spec rewrites only its group. */
export function testGroupOf(slug: string): string {
  const n = Number.parseInt(createHash('sha256').update(slug).digest('hex').slice(0, 8), 16) % TEST_GROUPS;
  return `tests-${n + 1}.test.ts`;
}

/** The group test files for the slugs that have tests: output-relative path -> text; empty groups are left out. */
export function renderTestGroups(slugs: readonly string[], templates: TemplateSet = builtinTemplates()): FileSet {
  const groups = new Map<string, string[]>();
  for (const slug of [...slugs].sort()) {
    const group = testGroupOf(slug);
    groups.set(group, [...(groups.get(group) ?? []), slug]);
  }
  const files: FileSet = new Map();
  for (const [path, specs] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const banner = [DO_NOT_EDIT, commentText(`// @generated from the specs of the ${specs.length === 1 ? 'folder' : 'folders'} below`)];
    files.set(path, tidy(templates.render('tests-group.test.ts', { banner, imports: specs.map((s) => stringLiteral(`./${s}/tests.js`)) })));
  }
  return files;
}

/** The template an output-relative path of renderSpec or renderTestGroups is rendered from. */
export function templateOf(path: string): TemplateName {
  if (!path.includes('/')) return 'tests-group.test.ts';
  const file = path.slice(path.lastIndexOf('/') + 1);
  if (file === 'index.ts') return 'index.ts';
  if (file === TESTS_MODULE) return 'tests.ts';
  return 'flow.ts';
}
