/** Prints diagnostics as `path:line:column: severity: message [code]` on stderr. */
import pc from 'picocolors';
import type { Diagnostic } from '../ir.js';

export function formatDiagnostic(file: string, d: Diagnostic, color = false): string {
  const severity = !color
    ? d.severity
    : d.severity === 'error'
      ? pc.red(d.severity)
      : d.severity === 'warning'
        ? pc.yellow(d.severity)
        : pc.blue(d.severity);
  return `${file}:${d.line}:${d.column}: ${severity}: ${d.message} [${d.code}]`;
}

export function printDiagnostics(file: string, diagnostics: readonly Diagnostic[]): void {
  const color = pc.isColorSupported && process.stderr.isTTY === true;
  for (const d of diagnostics) process.stderr.write(formatDiagnostic(file, d, color) + '\n');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
