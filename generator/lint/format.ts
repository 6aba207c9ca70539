/** Lint findings printed as text (contracts.md section 1), JSON, or GitHub workflow commands. */
import { formatDiagnostic } from '../cli/report.js';
import type { Finding } from './finding.js';

export type OutputFormat = 'text' | 'json' | 'github';

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

/** `::error file=F,line=L,col=C,title=CODE::message`, escaped as the runner expects. */
export function formatGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(f.code)}`;
      return `::${command} ${props}::${escapeData(`${f.message} [${f.code}]`)}\n`;
    })
    .join('');
}

export function counts(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  const n = (s: string) => findings.filter((f) => f.severity === s).length;
  return { errors: n('error'), warnings: n('warning'), infos: n('info') };
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
