/**
 * What every extraction step needs: the file to report on and the systems the
 * document names (with the file-name hints used when a title leaves one empty).
 */
import type { VFile } from 'vfile';
import type { Severity } from '../ir.js';
import { report } from '../read/report.js';

export interface ExtractContext {
  file: VFile;
  sourceSystem: string;
  targetSystem: string;
  /** Lower-case alphanumeric system names from the file name (`asana-hubspot.rst`), or "" when unknown. */
  sourceHint: string;
  targetHint: string;
  report(severity: Severity, code: string, message: string, place: { line: number; column: number }): void;
}

export function createExtractContext(file: VFile, systems: { source: string; target: string }, hints: { source: string; target: string }): ExtractContext {
  return {
    file,
    sourceSystem: systems.source,
    targetSystem: systems.target,
    sourceHint: hints.source,
    targetHint: hints.target,
    report: (severity, code, message, place) => report(file, severity, code, message, place),
  };
}
