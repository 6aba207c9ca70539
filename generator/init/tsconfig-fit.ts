/**
 * Whether a project's own tsconfig.json fits the code dataflow generates:
 * read with TypeScript's parser (comments, `extends`), through the compiler
 * ts-morph bundles, so it works without a project typescript. Each problem is
 * a sentence for `dataflow init` to print; the file itself is never changed.
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface TsconfigFolders {
  /** The output and predicates folders, absolute. */
  out: string;
  predicates: string;
  /** Whether the project's package.json says `"type": "module"` (its .ts files are ES modules under node16/nodenext). */
  esm: boolean;
}

/** What the generated code and `check`'s predicate type check are written for. */
const STRICT_FLAGS = ['strict', 'exactOptionalPropertyTypes', 'noUncheckedIndexedAccess'] as const;

export async function tsconfigProblems(dir: string, folders: TsconfigFolders): Promise<string[]> {
  const file = join(dir, 'tsconfig.json');
  if (!existsSync(file)) return [];
  const { ts } = await import('ts-morph');
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) return [`not readable as a tsconfig (${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}): dataflow cannot say whether it fits`];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, file);
  const options = parsed.options;
  const problems: string[] = [];
  const off = STRICT_FLAGS.filter((flag) => options[flag] !== true);
  if (off.length > 0) {
    problems.push(
      `${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} not on: the generated code is written and tested for them, and under looser settings ` +
        'your predicates are checked against weaker types (a possibly undefined field reads as always there); add them to compilerOptions',
    );
  }
  const resolution = options.moduleResolution;
  const { ModuleResolutionKind } = ts;
  const modern = [ModuleResolutionKind.Node16, ModuleResolutionKind.NodeNext, ModuleResolutionKind.Bundler];
  // Without moduleResolution, module node16/nodenext/preserve imply a modern one; anything else means node10.
  const implied = resolution ?? (options.module === ts.ModuleKind.Node16 || options.module === ts.ModuleKind.NodeNext ? ModuleResolutionKind.NodeNext : options.module === ts.ModuleKind.Preserve ? ModuleResolutionKind.Bundler : ModuleResolutionKind.Node10);
  if (!modern.includes(implied)) {
    problems.push(
      'moduleResolution is not node16, nodenext or bundler: generated code imports `dataflow/runtime`, a package export that older resolution cannot find ' +
        '(set "module" and "moduleResolution" to "NodeNext")',
    );
  }
  if (!folders.esm && (options.module === ts.ModuleKind.Node16 || options.module === ts.ModuleKind.NodeNext)) {
    problems.push(
      'module is node16/nodenext in a package that is not "type": "module": tsc takes the generated .ts files for CommonJS, which cannot import ' +
        'dataflow (ES modules only, TS1479); set "module": "ESNext" and "moduleResolution": "Bundler", or make the package "type": "module"',
    );
  }
  for (const [name, folder] of [['output', folders.out], ['predicates', folders.predicates]] as const) {
    const probe = join(folder, 'x', 'index.ts');
    if (!covers(dir, parsed.raw as { include?: unknown; files?: unknown; exclude?: unknown }, probe)) {
      problems.push(`does not include the ${name} folder ${toPosix(relative(dir, folder)) || '.'}/: tsc would not type-check it (add it to "include")`);
    }
  }
  return problems;
}

/** Whether the tsconfig's own include/exclude lists take in `file` (TypeScript's defaults when absent). */
function covers(dir: string, raw: { include?: unknown; files?: unknown; exclude?: unknown }, file: string): boolean {
  const path = toPosix(relative(dir, file));
  const list = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null);
  // Only `files` and no `include`: nothing else is in.
  const include = list(raw.include) ?? (list(raw.files) !== null ? [] : ['**/*']);
  const exclude = list(raw.exclude) ?? ['node_modules', 'bower_components', 'jspm_packages'];
  return include.some((p) => matches(p, path)) && !exclude.some((p) => matches(p, path));
}

/** tsconfig wildcards: `*` and `?` within a path segment, `**` for any folders; a pattern without a file part is a folder. */
function matches(pattern: string, path: string): boolean {
  const clean = toPosix(pattern).replace(/^\.\//, '').replace(/\/$/, '');
  if (clean === '' || clean === '.') return true;
  const last = clean.split('/').pop()!;
  const folder = !last.includes('.') && !last.includes('*') && !last.includes('?');
  const source = (folder ? `${clean}/**/*` : clean)
    .split('/')
    .map((segment) => (segment === '**' ? '(?:[^/]+/)*' : `${segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`))
    .join('')
    .replace(/\/$/, '');
  return new RegExp(`^${source.replace(/\(\?:\[\^\/\]\+\/\)\*\//g, '(?:[^/]+/)*')}$`).test(path);
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
