/**
 * Cross-spec lint: runs every rule over the catalog, applies the config's
 * `lint.rules` (off, or another severity), and adds the documents' own parse
 * errors, so one command says what is wrong with a specs folder.
 */
import type { Severity } from '../ir.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Finding, LintRule } from './finding.js';
import { emptyFlows } from './rules/empty-flows.js';
import { fieldSources } from './rules/field-sources.js';
import { fieldTypes } from './rules/field-types.js';
import { reverseSpecs } from './rules/reverse-specs.js';
import { systemEmpty, systemSpelling } from './rules/system-names.js';

export type { Finding, LintRule } from './finding.js';

export const LINT_RULES: readonly LintRule[] = [fieldTypes, fieldSources, reverseSpecs, emptyFlows, systemSpelling, systemEmpty];

export type RuleSetting = 'off' | 'warning' | 'error';

export interface LintOptions {
  /** Per rule code: switched off or given another severity. */
  rules?: Record<string, RuleSetting>;
}

export function lintCatalog(catalog: Catalog, options: LintOptions = {}): Finding[] {
  const settings = options.rules ?? {};
  const findings: Finding[] = [];
  for (const rule of LINT_RULES) {
    const setting = settings[rule.code];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.severity;
    for (const f of rule.check(catalog)) findings.push({ ...f, code: rule.code, severity });
  }
  // A document the parser could not read fully is a problem of the specs folder too.
  for (const spec of catalog.specs) {
    for (const d of spec.document.diagnostics) {
      if (d.severity !== 'error' || settings[d.code] === 'off') continue;
      const setting = settings[d.code];
      findings.push({ ...d, severity: setting === undefined || setting === 'off' ? 'error' : setting, file: spec.file, spec: spec.pageId });
    }
  }
  return sortFindings(dedupe(findings));
}

/** Rule codes a config may name, with what each does. */
export function lintRuleCodes(): string[] {
  return LINT_RULES.map((r) => r.code);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.code}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortFindings(findings: Finding[]): Finding[] {
  const by = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return findings.sort((a, b) => by(a.file, b.file) || a.line - b.line || a.column - b.column || by(a.code, b.code) || by(a.message, b.message));
}
