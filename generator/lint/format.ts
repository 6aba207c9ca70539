/** Lint findings printed as text (contracts.md section 1), JSON, or GitHub workflow commands. */
import { annotates, diagnosticAnnotation } from '../cli/output-format.js';
import { formatDiagnostic } from '../cli/report.js';
import type { Finding } from './finding.js';

export function formatText(findings: readonly Finding[], color = false): string {
  return findings.map((f) => `${formatDiagnostic(f.file, f, color)}\n`).join('');
}

export function formatJson(findings: readonly Finding[]): string {
  const list = findings.map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    severity: f.severity,
    code: f.code,
    message: f.message,
    ...(f.field !== undefined ? { field: f.field } : {}),
  }));
  return `${JSON.stringify({ findings: list, ...counts(findings) }, null, 2)}\n`;
}

/** GitHub workflow commands, as parse, check and diff print them (cli/output-format.ts): errors and warnings; info findings go to the log (`formatText`) instead. */
export function formatGithub(findings: readonly Finding[]): string {
  return findings.filter(annotates).map((f) => diagnosticAnnotation(f.file, f)).join('');
}

export function counts(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  const n = (s: string) => findings.filter((f) => f.severity === s).length;
  return { errors: n('error'), warnings: n('warning'), infos: n('info') };
}
