/**
 * Reports a diagnostic as a vfile message (rule id, position, severity) and
 * turns a file's messages back into IR diagnostics.
 */
import type { VFile } from 'vfile';
import type { Diagnostic, Severity } from '../ir.js';

export const DIAGNOSTIC_SOURCE = 'dataflow';

/** Adds a message to the file; `error` is fatal, `warning` is not, `info` has no fatality. */
export function report(
  file: VFile,
  severity: Severity,
  code: string,
  message: string,
  place: { line: number; column: number },
): void {
  const point = { line: Math.max(1, place.line), column: Math.max(1, place.column) };
  const options = { place: point, ruleId: code, source: DIAGNOSTIC_SOURCE };
  if (severity === 'info') {
    file.info(message, options);
  } else {
    const msg = file.message(message, options);
    if (severity === 'error') msg.fatal = true;
  }
}

/** The file's messages as IR diagnostics, in the order they were reported. */
export function diagnosticsOf(file: VFile): Diagnostic[] {
  return file.messages.map((m) => ({
    severity: m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info',
    code: m.ruleId ?? 'unknown',
    message: m.reason,
    line: m.line ?? 1,
    column: m.column ?? 1,
  }));
}

/** Quotes spec text in a message, shortened so a 5 MB line does not become a 5 MB message. */
export function quote(text: string, max = 120): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}
