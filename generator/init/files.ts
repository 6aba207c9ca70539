/** The files `dataflow init` writes into a new project, as text (each written only where none exists). */

export const CONFIG_TEXT = `import { defineConfig } from 'dataflow';

// Every path is relative to this file. Reference: the "Configuration" section of dataflow's README.
export default defineConfig({
  // Your spec documents (*.rst, *.md).
  specs: 'specs',
  // Generated mapper modules and tests: \`dataflow generate\` owns this folder; commit it, never edit it.
  out: 'generated',
  // Your creation predicates, one <spec>.ts per spec that needs them: yours to edit.
  predicates: 'predicates',
  // How parse, check and diff report: 'text', 'json' or 'github' (annotations in GitHub Actions).
  format: 'text',
  // Breaking spec changes you reviewed and accept (see \`dataflow diff --format json\`, field "accept").
  diff: { accept: [] },
});
`;

export const SPECS_README = `# Specs

Put the dataflow spec documents here (\`*.rst\` or \`*.md\`, one per pair of systems), then run
\`npm run generate\`. This README is not a spec: dataflow skips README files.
`;

/**
 * The compilerOptions of the tsconfig.json init writes: strict, for the generated
 * code, the predicates and the config. Also what `check` type-checks predicates
 * with in a project that has no tsconfig.json, so both stay the same.
 */
export const INIT_COMPILER_OPTIONS = Object.freeze({
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: Object.freeze(['node']),
});

/**
 * A strict tsconfig for the generated code, the predicates and the config
 * (`include`: the project-relative folders and config file). In a package that
 * is not `"type": "module"`, its .ts files would be CommonJS under NodeNext,
 * which cannot import dataflow (ES modules only): there TypeScript resolves
 * like a bundler and takes every file as an ES module, and the config is
 * `dataflow.config.mjs` (an ES module whatever the package says).
 */
export function tsconfigText(esm: boolean, include: readonly string[] = ['generated', 'predicates', 'dataflow.config.ts']): string {
  return `${JSON.stringify({ compilerOptions: initCompilerOptions(esm), include }, null, 2)}\n`;
}

/** The compiler options init writes: NodeNext in a `"type": "module"` package, bundler resolution in any other (see tsconfigText). */
export function initCompilerOptions(esm: boolean): Readonly<Record<string, unknown>> {
  return esm ? INIT_COMPILER_OPTIONS : { ...INIT_COMPILER_OPTIONS, module: 'ESNext', moduleResolution: 'Bundler' };
}

/** What init writes in a new ES module project. */
export const TSCONFIG_TEXT = tsconfigText(true);

/** The config as an ES module file, for a package whose .js/.ts files are CommonJS. */
export const CONFIG_MJS_TEXT = `// @ts-check
${CONFIG_TEXT}`;

/**
 * The CI workflow. Every `run:` line is a command the pack-install test runs in
 * a fresh project, so what is here works (README "CI recipe").
 */
export const WORKFLOW_TEXT = `# dataflow: generated code up to date, spec changes reviewed, types and generated tests green.
name: dataflow

on:
  push:
  pull_request:

jobs:
  dataflow:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      # Generated code must be what the specs say (stale or missing files, predicates no flow needs).
      - run: npx dataflow check --format github
      # On a pull request: breaking spec changes fail unless the config (diff.accept) accepts them.
      - if: github.event_name == 'pull_request'
        run: npx dataflow diff --against "origin/$GITHUB_BASE_REF" --format github
      - run: npx tsc -p tsconfig.json
      - run: npm test
`;

export const WORKFLOW_FILE = '.github/workflows/dataflow.yml';

/** npm scripts init adds where the name is free. */
export const SCRIPTS: Record<string, string> = {
  generate: 'dataflow generate',
  check: 'dataflow check',
  test: 'vitest run',
};

/** What `npm init -y` puts in `scripts.test`: a placeholder, not the user's choice. */
export const NPM_PLACEHOLDER_TEST = /^echo "Error: no test specified" && exit 1$/;
