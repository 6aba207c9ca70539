/**
 * Which TypeScript type-checks the user's predicates: the project's own
 * `typescript` (the one its `tsc` runs) when it can be loaded as a JavaScript
 * API, else the one bundled with dataflow (through ts-morph). A project whose
 * `typescript` is there but unusable (TypeScript 7, native, has no JavaScript
 * API) is told once, on stderr, which version checks its predicates and why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ts as TS } from 'ts-morph';

type Ts = typeof TS;

export interface Compiler {
  ts: Ts;
  /** ts-morph's compiler keeps its lib files in memory: file name -> text, served from a folder of their own. */
  libs: Map<string, string> | null;
}

/** Said once a process (a `generate --watch` type-checks on every save). */
let told = false;

/** Tells where a note goes (tests); stderr by default. */
export type Notify = (line: string) => void;

export async function loadTypeScript(root: string, notify: Notify = (line) => process.stderr.write(line)): Promise<Compiler> {
  const own = projectTypeScript(root);
  let why: string | undefined;
  if (own) {
    try {
      // The entry of the package found, never one further up (a package without an entry would be passed over).
      const loaded = (await import(pathToFileURL(createRequire(import.meta.url).resolve(own.dir)).href)) as { default?: Ts } & Ts;
      const ts = loaded.default ?? loaded;
      if (typeof ts.createProgram === 'function') return { ts, libs: null };
      why = 'has no JavaScript API';
    } catch (error) {
      // TypeScript 7 ships a native compiler: its package has no JavaScript entry to load.
      why = Number.parseInt(own.version, 10) >= 7 ? 'has no JavaScript API' : `cannot be loaded (${(error as Error).message.split('\n')[0]})`;
    }
  }
  const bundled = await bundledTypeScript();
  if (own && why && !told) {
    told = true;
    notify(`dataflow: the project's typescript ${own.version} ${why}; predicates checked with ${bundled.ts.version} bundled with dataflow\n`);
  }
  return bundled;
}

/** The TypeScript bundled with dataflow: ts-morph's, with the lib files @ts-morph/common (its own dependency) holds as text. */
async function bundledTypeScript(): Promise<Compiler> {
  const { ts } = await import('ts-morph');
  const common = createRequire(createRequire(import.meta.url).resolve('ts-morph')).resolve('@ts-morph/common');
  const { getLibFiles } = (await import(pathToFileURL(common).href)) as { getLibFiles: () => { fileName: string; text: string }[] };
  return { ts, libs: new Map(getLibFiles().map((f) => [f.fileName, f.text])) };
}

/** The project's `typescript` package as Node would find it from `root` (node_modules upwards), with its version; undefined when there is none. */
function projectTypeScript(root: string): { dir: string; version: string } | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', 'typescript', 'package.json');
    if (existsSync(manifest)) {
      try {
        const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
        return { dir: dirname(manifest), version: typeof version === 'string' ? version : 'of unknown version' };
      } catch {
        return { dir: dirname(manifest), version: 'of unknown version' };
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
