/**
 * A hash of everything besides the spec that shapes the output: the package
 * version, the templates and the generator's model/emit code. When it changes,
 * every spec is re-rendered even if its own hash did not.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, templatesDir } from '../package-root.js';
import { TEMPLATE_FILES } from './templates.js';

/** Source files when the checkout has them (the same from tsx and from dist), compiled files otherwise. */
function codeFiles(): string[] {
  const base = existsSync(join(packageRoot, 'generator', 'naming.ts')) ? join(packageRoot, 'generator') : join(packageRoot, 'dist', 'generator');
  const ext = base.endsWith(join('dist', 'generator')) ? '.js' : '.ts';
  const files = [join(base, `naming${ext}`)];
  for (const dir of ['model', 'emit']) {
    const folder = join(base, dir);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) if (name.endsWith(ext) && !name.endsWith(`.d${ext}`)) files.push(join(folder, name));
  }
  return files;
}

let cached: string | undefined;

export function generatorFingerprint(version: string): string {
  if (cached) return cached;
  const hash = createHash('sha256').update(`dataflow ${version}\n`);
  for (const name of TEMPLATE_FILES) hash.update(name).update('\0').update(readFileSync(join(templatesDir, name)));
  for (const file of codeFiles()) {
    if (!existsSync(file)) continue;
    hash.update(file.slice(packageRoot.length).replace(/\\/g, '/')).update('\0');
    hash.update(readFileSync(file, 'utf8').replace(/\r\n/g, '\n'));
  }
  cached = hash.digest('hex');
  return cached;
}
