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
  if (!admit(file, severity, code)) return;
  const point = { line: Math.max(1, place.line), column: Math.max(1, place.column) };
  const options = { place: point, ruleId: code, source: DIAGNOSTIC_SOURCE };
  if (severity === 'info') {
    file.info(message, options);
  } else {
    const msg = file.message(message, options);
    if (severity === 'error') msg.fatal = true;
  }
}

/**
 * A broken table or a binary file can produce a diagnostic per line; past this
 * many of one code, the rest are counted and summed up in one message.
 */
export const MAX_PER_CODE = 50;

const suppressed = new WeakMap<VFile, Map<string, { severity: Severity; seen: number }>>();

function admit(file: VFile, severity: Severity, code: string): boolean {
  let counts = suppressed.get(file);
  if (counts === undefined) {
    counts = new Map();
    suppressed.set(file, counts);
  }
  const key = `${severity}:${code}`;
  const entry = counts.get(key) ?? { severity, seen: 0 };
  entry.seen++;
  counts.set(key, entry);
  return entry.seen <= MAX_PER_CODE;
}

/** Adds one message per code that went over the limit, saying how many were left out. */
export function reportSuppressed(file: VFile): void {
  const counts = suppressed.get(file);
  if (counts === undefined) return;
  for (const [key, { severity, seen }] of counts) {
    if (seen <= MAX_PER_CODE) continue;
    const code = key.slice(key.indexOf(':') + 1);
    counts.set(key, { severity, seen: 0 });
    report(file, severity, code, `${seen - MAX_PER_CODE} more ${severity}s of this kind not shown`, { line: 1, column: 1 });
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
