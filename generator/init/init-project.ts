/**
 * `dataflow init`: sets up a project to use dataflow. Writes the config,
 * specs/, a strict tsconfig, .gitignore and a CI workflow where none exist, and
 * adds npm scripts whose names are free. Never overwrites a user's file; every
 * step says what it did or why it kept what was there, so a second run changes
 * nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CONFIG_FILES } from '../config/load-config.js';
import { CONFIG_TEXT, GITIGNORE_TEXT, NPM_PLACEHOLDER_TEST, SCRIPTS, SPECS_README, TSCONFIG_TEXT, WORKFLOW_FILE, WORKFLOW_TEXT } from './files.js';

export interface InitOptions {
  /** The project folder (default: the working folder). */
  dir: string;
  /** Write the GitHub Actions workflow (default true). */
  ci?: boolean;
}

export interface InitStep {
  path: string;
  action: 'created' | 'updated' | 'kept';
  detail: string;
}

export class InitError extends Error {}

export function initProject(options: InitOptions): InitStep[] {
  const { dir } = options;
  const steps: InitStep[] = [];
  const write = (path: string, text: string, what: string) => {
    const full = join(dir, path);
    if (existsSync(full)) {
      steps.push({ path, action: 'kept', detail: 'exists; left as it is' });
      return;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    steps.push({ path, action: 'created', detail: what });
  };

  const existingConfig = CONFIG_FILES.find((name) => existsSync(join(dir, name)));
  if (existingConfig !== undefined) steps.push({ path: existingConfig, action: 'kept', detail: 'exists; left as it is' });
  else write('dataflow.config.ts', CONFIG_TEXT, 'the config (specs, output and predicates folders, format, accepted changes)');

  if (existsSync(join(dir, 'specs'))) steps.push({ path: 'specs/', action: 'kept', detail: 'exists' });
  else write('specs/README.md', SPECS_README, 'the specs folder: put spec documents here');

  steps.push(packageScripts(dir));
  write('tsconfig.json', TSCONFIG_TEXT, 'a strict TypeScript config for the generated code and your predicates');
  write('.gitignore', GITIGNORE_TEXT, 'ignores node_modules/ and the sync state .dataflow/');
  if (options.ci !== false) write(WORKFLOW_FILE, WORKFLOW_TEXT, 'CI: check, diff on pull requests, tsc, the generated tests');
  return steps;
}

/** Adds the scripts whose names are free; a name in use with another command is kept, and said. */
function packageScripts(dir: string): InitStep {
  const path = join(dir, 'package.json');
  let text: string;
  let pkg: { name?: string; scripts?: Record<string, string>; [key: string]: unknown };
  if (existsSync(path)) {
    text = readFileSync(path, 'utf8');
    try {
      pkg = JSON.parse(text) as typeof pkg;
    } catch (error) {
      throw new InitError(`package.json: not valid JSON (${(error as Error).message}); fix it and run \`dataflow init\` again`);
    }
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new InitError('package.json: not a JSON object');
  } else {
    text = '';
    pkg = { name: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'dataflow-project', private: true, type: 'module' };
  }
  const scripts = { ...(pkg.scripts ?? {}) };
  const added: string[] = [];
  const kept: string[] = [];
  for (const [name, command] of Object.entries(SCRIPTS)) {
    const current = scripts[name];
    if (current === undefined || (name === 'test' && NPM_PLACEHOLDER_TEST.test(current))) {
      scripts[name] = command;
      added.push(name);
    } else if (current !== command) kept.push(`${name} ("${current}")`);
  }
  // Generated code, predicates and the config are ES modules (`import`); under NodeNext a CommonJS package cannot import dataflow.
  let typeNote = '';
  if (pkg.type !== 'module') {
    typeNote = `; "type" set to "module" (was ${pkg.type === undefined ? 'unset, i.e. commonjs' : JSON.stringify(pkg.type)}): generated code is ES modules`;
    pkg.type = 'module';
  }
  if (text !== '' && added.length === 0 && typeNote === '') {
    return { path: 'package.json', action: 'kept', detail: kept.length > 0 ? `scripts in use kept: ${kept.join(', ')}; add the dataflow commands to them yourself` : 'scripts generate, check, test present' };
  }
  pkg.scripts = scripts;
  // Keep the file's own indentation and final newline.
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  writeFileSync(path, `${JSON.stringify(pkg, null, indent)}\n`);
  const detail = `${added.length > 0 ? `scripts ${added.join(', ')} added` : 'scripts kept'}${kept.length > 0 ? `; in use and kept: ${kept.join(', ')}` : ''}${typeNote}`;
  return { path: 'package.json', action: text === '' ? 'created' : 'updated', detail };
}
