/**
 * Renders one spec's view model into the files `generate` owns for it:
 * `<slug>/index.ts`, and `<slug>/<flow>.ts` with `<slug>/<flow>.test.ts` per flow.
 */
import type { SpecView } from '../model/spec-model.js';
import { renderTemplate } from './templates.js';

/** Relative path (`/`-separated, under the output folder) -> file text. */
export type FileSet = Map<string, string>;

/** LF only, no trailing blanks, exactly one final newline: byte-stable output. */
export function tidy(text: string): string {
  return `${text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

export function renderSpec(view: SpecView): FileSet {
  const files: FileSet = new Map();
  const dir = view.slug;
  files.set(`${dir}/index.ts`, tidy(renderTemplate('index.ts', view)));
  for (const flow of view.flows) {
    files.set(`${dir}/${flow.stem}.ts`, tidy(renderTemplate('flow.ts', { banner: flow.banner, flow })));
    files.set(`${dir}/${flow.stem}.test.ts`, tidy(renderTemplate('flow.test.ts', { banner: flow.banner, flow })));
  }
  return files;
}
