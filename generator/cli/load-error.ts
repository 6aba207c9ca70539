/**
 * A module of the user's that fails while it is loaded (a predicates file
 * that throws at its top level, imports a file or package that is not there,
 * or an export its import source lacks): turned into a diagnostic at the
 * user's file and line instead of an internal error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileDiagnostic } from './transform-error.js';

/** dataflow's own code (dist/generator and dist/runtime, or the sources when run from them): a frame there is not the user's. */
const OWN_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OWN_CODE = [join(OWN_ROOT, 'generator'), join(OWN_ROOT, 'runtime')];

const WHY = 'your file fails while it loads, so the generated modules that depend on it cannot load';

/**
 * The user's file, line and message of a load failure, or null when the failure is not in a file of theirs.
 * `generatedDir`: files inside it are generated code, never the user's.
 */
export function loadDiagnostics(error: unknown, generatedDir: string): FileDiagnostic[] | null {
  if (!(error instanceof Error)) return null;
  const isUsers = (file: string) => isUserFile(file, generatedDir);
  const found = notFound(error, isUsers) ?? linkError(error, isUsers) ?? thrown(error, isUsers);
  return found ? [found] : null;
}

function isUserFile(file: string, generatedDir: string): boolean {
  const inside = (dir: string) => {
    const path = relative(dir, file);
    return path === '' || (!path.startsWith('..') && !path.startsWith(sep) && !/^[a-zA-Z]:/.test(path));
  };
  return !file.split(/[\\/]/).includes('node_modules') && !inside(generatedDir) && !OWN_CODE.some(inside);
}

function diagnostic(file: string, line: number, column: number, message: string): FileDiagnostic {
  return { file, diagnostic: { severity: 'error', code: 'predicates-load', message: `${message} (${WHY})`, line, column } };
}

/** `Cannot find module '/abs/x.js' imported from /abs/file.ts` or `Cannot find package 'p' imported from ...`: at the import's line. */
function notFound(error: Error, isUsers: (file: string) => boolean): FileDiagnostic | null {
  if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') return null;
  const match = /^Cannot find (module|package) '([^']+)' imported from (.+)$/m.exec(error.message);
  if (!match) return null;
  const importer = toPath(match[3]!.trim());
  if (!isUsers(importer)) return null;
  const [, kind, target] = match as unknown as [string, string, string];
  const at = importLine(importer, (specifier) =>
    kind === 'package' ? specifier === target || specifier.startsWith(`${target}/`) : resolve(dirname(importer), specifier) === target,
  );
  const shown = kind === 'package' ? `package '${target}' (not installed)` : `'${at?.specifier ?? target}': no such file`;
  return diagnostic(importer, at?.line ?? 1, at?.column ?? 1, `cannot find ${shown}`);
}

/** V8's link errors (`does not provide an export named`): the stack starts with `/abs/file.ts:LINE`, then the line and a caret. */
function linkError(error: Error, isUsers: (file: string) => boolean): FileDiagnostic | null {
  if (!(error instanceof SyntaxError)) return null;
  const match = /^(.+?):(\d+)\n[^\n]*\n( *)\^/.exec(error.stack ?? '');
  if (!match) return null;
  const file = toPath(match[1]!);
  if (!isUsers(file)) return null;
  return diagnostic(file, Number(match[2]), match[3]!.length + 1, error.message);
}

/** A throw while a module ran: the innermost stack frame in a file of the user's (tsx maps it to the TypeScript line). */
function thrown(error: Error, isUsers: (file: string) => boolean): FileDiagnostic | null {
  for (const line of (error.stack ?? '').split('\n')) {
    const frame = /^\s+at (?:.*? \()?((?:file:\/\/)?(?:\/|[a-zA-Z]:[\\/]).*?):(\d+):(\d+)\)?$/.exec(line);
    if (!frame) continue;
    const file = toPath(frame[1]!);
    if (!isUsers(file)) continue;
    return diagnostic(file, Number(frame[2]), Number(frame[3]), `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
  }
  return null;
}

/** Where `file` imports a specifier `matches` accepts: its 1-based line and column (at the quote). */
function importLine(file: string, matches: (specifier: string) => boolean): { line: number; column: number; specifier: string } | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [i, text] of lines.entries()) {
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"]+)\1/g)) {
      if (matches(m[2]!)) return { line: i + 1, column: m.index + m[0].length - m[2]!.length - 1, specifier: m[2]! };
    }
  }
  return undefined;
}

function toPath(location: string): string {
  return location.startsWith('file://') ? fileURLToPath(location) : resolve(location);
}
