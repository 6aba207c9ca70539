/**
 * Loads and compiles the Handlebars templates once per process. Templates get
 * view models whose text is already escaped, so HTML escaping is off.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../package-root.js';

export type TemplateName = 'flow.ts' | 'tests.ts' | 'tests-group.test.ts' | 'index.ts' | 'predicates.ts' | 'predicate-stub.ts';

const PARTIALS = ['banner', 'fields', 'flow-tests'];

let engine: typeof Handlebars | undefined;
const compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();

function load(file: string): string {
  return readFileSync(join(templatesDir, file), 'utf8').replace(/\r\n/g, '\n');
}

function getEngine(): typeof Handlebars {
  if (engine) return engine;
  engine = Handlebars.create();
  for (const name of PARTIALS) engine.registerPartial(name, load(`${name}.hbs`));
  return engine;
}

export function renderTemplate(name: TemplateName, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    template = getEngine().compile(load(`${name}.hbs`), { noEscape: true, strict: false });
    compiled.set(name, template);
  }
  return template(view);
}

/** Every template and partial file name, for the generator's fingerprint. */
export const TEMPLATE_FILES = ['flow.ts', 'tests.ts', 'tests-group.test.ts', 'index.ts', 'predicates.ts', 'predicate-stub.ts', ...PARTIALS].map(
  (n) => `${n}.hbs`,
);
