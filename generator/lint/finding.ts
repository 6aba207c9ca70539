/** A lint finding: a diagnostic with the file it is in and what it is about, for the CLI and the docs pages. */
import type { Diagnostic, Severity } from '../ir.js';
import type { Catalog } from '../catalog/catalog.js';

export interface Finding extends Diagnostic {
  /** The spec file, as diagnostics print it. */
  file: string;
  /** Page id of the spec it is in. */
  spec: string;
  /** Page id of the entity it is about, if any. */
  entity?: string;
  /** Field key it is about, if any. */
  field?: string;
}

export interface LintRule {
  code: string;
  severity: Severity;
  /** One line for `--help`, the README and the docs. */
  summary: string;
  check(catalog: Catalog): Omit<Finding, 'code' | 'severity'>[];
}
