/**
 * Parses what template overrides rendered with the TypeScript compiler (the
 * one ts-morph bundles), so an override that produces broken code is a
 * TemplateError naming it and the generated file instead of a broken file on
 * disk. Only files shaped by an override are parsed: the built-ins' output is
 * proven by the tests.
 */
import { relative, join } from 'node:path';
import { TemplateError } from './template-error.js';
import type { TemplateName, TemplateSet } from './templates.js';

export interface RenderedFile {
  /** Absolute path the file would be written to. */
  path: string;
  text: string;
  /** The templates it is rendered from (a new predicates file: the file's and the stubs'). */
  templates: readonly TemplateName[];
}

type Ts = typeof import('ts-morph').ts;
let ts: Ts | undefined;

/** The first syntax error of `text` as a TypeScript module: line, column (1-based) and message; null when it parses. */
export async function syntaxError(fileName: string, text: string): Promise<{ line: number; column: number; message: string } | null> {
  ts ??= (await import('ts-morph')).ts;
  const result = ts.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, isolatedModules: false, noEmit: false },
  });
  const first = (result.diagnostics ?? []).find((d) => d.category === ts!.DiagnosticCategory.Error && d.file !== undefined && d.start !== undefined);
  if (first === undefined) return null;
  const place = first.file!.getLineAndCharacterOfPosition(first.start!);
  return { line: place.line + 1, column: place.character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, '\n') };
}

/** Throws a TemplateError for the first file an override rendered that is not valid TypeScript. */
export async function checkRenderedOutput(files: readonly RenderedFile[], templates: TemplateSet, cwd: string): Promise<void> {
  if (templates.overrides.length === 0) return;
  for (const file of files) {
    const overrides = [...new Set(file.templates.flatMap((t) => templates.overridesOf(t)))];
    if (overrides.length === 0) continue;
    const error = await syntaxError(file.path, file.text);
    if (error === null) continue;
    const shown = relative(cwd, file.path).split('\\').join('/') || join(file.path);
    const others = overrides.length > 1 ? ` (with ${overrides.slice(1).map((o) => o.file).join(', ')})` : '';
    const via = file.templates.some((t) => overrides[0]!.file === `${t}.hbs`) ? '' : ` through ${file.templates[0]}.hbs`;
    throw new TemplateError(
      overrides[0]!.path,
      1,
      1,
      `your template override ${overrides[0]!.file}${others} renders ${shown}${via} as code that is not valid TypeScript: ` +
        `${shown}:${error.line}:${error.column}: ${error.message.replace(/\.$/, '')}; nothing was written`,
      'template-output',
    );
  }
}
