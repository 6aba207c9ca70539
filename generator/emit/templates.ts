/**
 * The Handlebars templates and partials generate renders through, as one
 * compiled set: the built-ins of templates/, or those with the overrides of a
 * user's templates folder (load-templates.ts) in their place. Templates get
 * view models whose text is already escaped, so HTML escaping is off.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../package-root.js';
import { TemplateError } from './template-error.js';

export { TemplateError } from './template-error.js';

export type TemplateName = 'flow.ts' | 'tests.ts' | 'tests-group.test.ts' | 'index.ts' | 'predicates.ts' | 'predicate-stub.ts';

export const TEMPLATE_NAMES: readonly TemplateName[] = ['flow.ts', 'tests.ts', 'tests-group.test.ts', 'index.ts', 'predicates.ts', 'predicate-stub.ts'];

export const PARTIAL_NAMES = ['banner', 'fields', 'flow-tests'] as const;

/** Every template and partial file name: what an override in the user's templates folder may be called. */
export const TEMPLATE_FILES: readonly string[] = [...TEMPLATE_NAMES, ...PARTIAL_NAMES].map((n) => `${n}.hbs`);

/** The partials each template uses, directly or through another partial (to say which overrides shaped a file). */
export const PARTIALS_USED: Readonly<Record<TemplateName, readonly string[]>> = {
  'flow.ts': ['banner', 'fields'],
  'tests.ts': ['banner', 'flow-tests'],
  'tests-group.test.ts': ['banner'],
  'index.ts': ['banner'],
  'predicates.ts': [],
  'predicate-stub.ts': [],
};

/** One template or partial's text and where it came from. */
export interface TemplateSource {
  /** `flow.ts.hbs`, `banner.hbs`. */
  file: string;
  /** Absolute path of the file read. */
  path: string;
  text: string;
  /** True when it comes from the user's templates folder. */
  override: boolean;
}

const COMPILE_OPTIONS = { noEscape: true, strict: false } as const;

function readBuiltin(file: string): TemplateSource {
  const path = join(templatesDir, file);
  return { file, path, text: readFileSync(path, 'utf8').replace(/\r\n/g, '\n'), override: false };
}

/**
 * A template that does not parse or compile: a TemplateError at the line and
 * column Handlebars names (its parse errors carry them only in the lexer's
 * state, so that is read right after the failure).
 */
function compileCheck(engine: typeof Handlebars, source: TemplateSource): void {
  try {
    engine.precompile(source.text, COMPILE_OPTIONS);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const exception = error as { lineNumber?: number; column?: number };
    let line = exception.lineNumber;
    let column = exception.column !== undefined ? exception.column + 1 : undefined;
    const lexer = (engine as unknown as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } }).Parser?.lexer;
    if (line === undefined && /^Parse error on line/.test(message) && lexer?.yylloc) {
      line = lexer.yylloc.first_line;
      column = lexer.yylloc.first_column + 1;
    }
    // Handlebars' own message: "Parse error on line 3:\n<excerpt>\n---^\nExpecting 'ID', got 'EOF'" -> its last line;
    // "each doesn't match with - 2:3" -> without the place, which is given in front.
    const reason = message.includes('\n') ? message.split('\n').at(-1)! : message.replace(/ - \d+:\d+$/, '');
    throw new TemplateError(source.path, line ?? 1, column ?? 1, `${source.override ? 'your template override' : 'template'} ${source.file} does not compile: ${reason}`, 'template-syntax');
  }
}

/** A compiled set of every template and partial; render() is what the emitters call. */
export class TemplateSet {
  /** '' for the built-ins alone; otherwise a hash of the overrides' names and contents (part of generate's cache key). */
  readonly key: string;
  /** The overrides in use, by file name. */
  readonly overrides: readonly TemplateSource[];
  private readonly engine = Handlebars.create();
  private readonly compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();
  private readonly sources: ReadonlyMap<string, TemplateSource>;

  /** Compiles every source up front (`verify`), so a broken override fails before anything is rendered or written. */
  constructor(sources: readonly TemplateSource[], verify = true) {
    this.sources = new Map(sources.map((s) => [s.file, s]));
    this.overrides = sources.filter((s) => s.override).sort((a, b) => a.file.localeCompare(b.file));
    const hash = createHash('sha256');
    for (const o of this.overrides) hash.update(o.file).update('\0').update(o.text).update('\0');
    this.key = this.overrides.length === 0 ? '' : hash.digest('hex');
    if (verify) for (const source of sources) compileCheck(this.engine, source);
    for (const name of PARTIAL_NAMES) this.engine.registerPartial(name, this.source(`${name}.hbs`).text);
  }

  private source(file: string): TemplateSource {
    const source = this.sources.get(file);
    if (source === undefined) throw new Error(`no template ${file}`);
    return source;
  }

  /** The overrides that shape what `name` renders: the template itself and the partials it uses. */
  overridesOf(name: TemplateName): TemplateSource[] {
    return [`${name}.hbs`, ...PARTIALS_USED[name].map((p) => `${p}.hbs`)].map((f) => this.source(f)).filter((s) => s.override);
  }

  render(name: TemplateName, view: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      template = this.engine.compile(this.source(`${name}.hbs`).text, COMPILE_OPTIONS);
      this.compiled.set(name, template);
    }
    try {
      return template(view);
    } catch (error) {
      // A missing partial or a helper used wrongly shows only when rendering; it is the override's doing.
      const overrides = this.overridesOf(name);
      const exception = error as { lineNumber?: number; column?: number; message?: string };
      const blamed = overrides[0] ?? this.source(`${name}.hbs`);
      const using = overrides.length > 0 ? ` with your override${overrides.length > 1 ? 's' : ''} ${overrides.map((o) => o.file).join(', ')}` : '';
      throw new TemplateError(
        blamed.path,
        exception.lineNumber ?? 1,
        exception.column !== undefined ? exception.column + 1 : 1,
        `rendering ${name}.hbs${using} failed: ${exception.message ?? String(error)}`,
        'template-render',
      );
    }
  }
}

let builtins: TemplateSet | undefined;

/** The built-in templates alone (compiled once per process). */
export function builtinTemplates(): TemplateSet {
  // The built-ins are proven by the tests; they compile lazily, on first use, as before overrides existed.
  builtins ??= new TemplateSet(TEMPLATE_FILES.map(readBuiltin), false);
  return builtins;
}

/** The built-in source of one template or partial file (`dataflow templates eject`). */
export function builtinSource(file: string): TemplateSource {
  return readBuiltin(file);
}

/** Renders with `templates` (default: the built-ins). */
export function renderTemplate(name: TemplateName, view: object, templates: TemplateSet = builtinTemplates()): string {
  return templates.render(name, view);
}
