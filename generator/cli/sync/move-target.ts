/**
 * Where `dataflow state move` may carry state: a flow of a spec in the specs
 * folder (`spec/flow`), or a spec there (a whole spec). State moved to a key
 * that no spec has is claimed by no sync: the next run would create again
 * everything it linked. So a typo is refused, with the keys that are there.
 */
import { basename, extname, relative } from 'node:path';
import { closestNames } from '../../near-names.js';
import { UsageError } from '../exit-codes.js';

const FORCE = 'pass --force to move it there all the same';
/** Lists longer than this name only the near keys and a count. */
const LIST_MAX = 12;

/** The flow keys of the target's spec (for the warning after a whole-spec move), or throws a UsageError naming the valid keys. */
export async function checkMoveTarget(to: string, specsDir: string): Promise<string[]> {
  const { findSpecFiles, parseSpecFile } = await import('../../parse.js');
  const { createFlowIdentities } = await import('../../model/spec-model.js');
  const shownDir = relative(process.cwd(), specsDir) || '.';
  let files: string[];
  try {
    files = await findSpecFiles([specsDir]);
  } catch {
    throw new UsageError(`${to}: cannot check that it is a flow or spec: no specs folder ${shownDir} (give --specs DIR), or ${FORCE}`);
  }
  const bySlug = new Map(files.map((file) => [basename(file, extname(file)), file]));
  const slash = to.indexOf('/');
  const slug = slash < 0 ? to : to.slice(0, slash);
  const file = bySlug.get(slug);
  if (file === undefined) {
    throw new UsageError(`${to}: ${JSON.stringify(slug)} is not a spec in ${shownDir}${suggest(slug, [...bySlug.keys()], 'the specs there')}; ${FORCE} (or give --specs DIR)`);
  }
  const keys = createFlowIdentities(await parseSpecFile(file)).map((identity) => `${slug}/${identity.id}`);
  if (slash >= 0 && !keys.includes(to)) {
    throw new UsageError(`${to} is not a flow of ${relative(process.cwd(), file) || file}${suggest(to, keys, 'its flows')}; ${FORCE}`);
  }
  return keys;
}

/** The near keys in full (to copy), then the list (in document order) without the spec prefix they share. */
function suggest(name: string, known: readonly string[], what: string): string {
  const near = closestNames(name, known);
  const hint = near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '';
  if (known.length === 0) return `${hint}; ${what}: none`;
  const names = known.map((key) => key.slice(key.indexOf('/') + 1));
  const list = names.length <= LIST_MAX ? names.join(', ') : `${names.slice(0, LIST_MAX).join(', ')} and ${names.length - LIST_MAX} more`;
  return `${hint}; ${what}: ${list}`;
}
