/**
 * A TypeScript file that does not parse, as tsx (esbuild) reports it when a
 * module is loaded: turned into diagnostics against the user's file
 * (`path:line:column: error: message [code]`) instead of an internal error.
 */
import { relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../ir.js';

export interface FileDiagnostic {
  /** Absolute path. */
  file: string;
  diagnostic: Diagnostic;
}

/** esbuild's text form: `Transform failed with N error(s):\n/abs/file.ts:17:13: ERROR: message` (one line per error). */
const LOCATED = /^(.+?):(\d+):(\d+): ERROR: (.*)$/gm;

/**
 * The syntax errors an import failure carries, or null when it is not one.
 * `generatedDir`: files inside it are generated code (regenerate); any other
 * file is the user's (predicates, or what they import).
 */
export function transformDiagnostics(error: unknown, generatedDir: string): FileDiagnostic[] | null {
  if (!(error instanceof Error) || error.name !== 'TransformError') return null;
  const found: FileDiagnostic[] = [];
  for (const match of error.message.matchAll(LOCATED)) {
    const file = resolve(match[1]!);
    const inGenerated = !relative(generatedDir, file).startsWith('..');
    found.push({
      file,
      diagnostic: {
        severity: 'error',
        code: inGenerated ? 'generated-syntax' : 'predicates-syntax',
        message: inGenerated
          ? `${match[4]!} (generated code that does not parse: run \`dataflow generate\`)`
          : `${match[4]!} (your file does not parse, so the generated modules that import it cannot load)`,
        line: Number(match[2]),
        // esbuild counts columns from 0, diagnostics from 1.
        column: Number(match[3]) + 1,
      },
    });
  }
  return found.length > 0 ? found : null;
}

/** `path:line:column: error: message [code]`, the path from the working folder. */
export function formatFileDiagnostic({ file, diagnostic: d }: FileDiagnostic): string {
  const shown = relative(process.cwd(), file).split(sep).join('/');
  return `${shown}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
