/**
 * Which data files a spec's entities are read from, and the files in a data
 * folder that no entity reads (`contacts.json` where the entity is `Contact`):
 * reported, and a stop before anything is written when an expected file is
 * missing beside them (a misnamed target file would make every record look new).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { entitySlug } from '../../../runtime/slug.js';
import type { AnyFlow } from '../../../runtime/sync/index.js';

export interface ExpectedFiles {
  /** file name -> the entity read from it. */
  files: Map<string, string>;
}

/** The files of one side: source entities (and the entities creation predicates consult) on the left, target entities on the right. */
export function expectedFiles(flows: readonly AnyFlow[], side: 'left' | 'right'): Map<string, string> {
  const files = new Map<string, string>();
  const add = (entity: string) => {
    const slug = entitySlug(entity);
    if (slug !== '' && !files.has(`${slug}.json`)) files.set(`${slug}.json`, entity);
  };
  for (const flow of flows) {
    if (side === 'left') {
      add(flow.source.entity);
      if (flow.rules.connectedTo) for (const { entity } of flow.rules.connectedTo) add(entity);
      else {
        // Hand-made rules without the sides: "HubSpot Deal", the system's own name may lead.
        for (const name of flow.rules.createWhenConnectedTo ?? []) {
          add(name.startsWith(`${flow.source.system} `) ? name.slice(flow.source.system.length + 1) : name);
        }
      }
    } else add(flow.target.entity);
  }
  return files;
}

export interface FolderCheck {
  side: 'left' | 'right';
  dir: string;
  /** JSON files in the folder that no entity of the spec reads. */
  unread: string[];
  /** Files of the flows' own entities that are not there (read as empty lists). */
  missing: string[];
  expected: string[];
  /** Unread files that look like a missing one misnamed (`contact.json` for `contacts.json`): [unread, missing]. */
  misnamed: [string, string][];
}

export function checkFolder(dir: string, side: 'left' | 'right', flows: readonly AnyFlow[]): FolderCheck {
  const expected = expectedFiles(flows, side);
  const own = new Set(flows.map((f) => `${entitySlug(side === 'left' ? f.source.entity : f.target.entity)}.json`));
  const present = readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  const unread = present.filter((name) => !expected.has(name)).sort();
  const missing = [...own].filter((name) => !present.includes(name)).sort();
  const misnamed: [string, string][] = [];
  for (const file of unread) {
    const like = missing.find((m) => sameStem(file, m));
    if (like) misnamed.push([file, like]);
  }
  return { side, dir, unread, missing, expected: [...expected.keys()], misnamed };
}

/** `Contacts.json`, `contact.json`, `contacts_.json` and `contacts.json` name one entity. */
function sameStem(a: string, b: string): boolean {
  const stem = (name: string) => name.replace(/\.json$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '').replace(/(es|s)$/, '');
  return stem(a) === stem(b);
}

/** The text of `--list-files`: per side the file each entity is read from. */
export function listFilesText(flows: readonly AnyFlow[], systems: { left: string; right: string }): string {
  const lines: string[] = [];
  for (const side of ['left', 'right'] as const) {
    lines.push(`${side === 'left' ? '--left' : '--right'} (${systems[side]}):`);
    for (const [file, entity] of expectedFiles(flows, side)) lines.push(`  ${file}  ${entity}`);
  }
  return `${lines.join('\n')}\n`;
}

export function folderProblem(check: FolderCheck): string {
  const pairs = check.misnamed.map(([file, like]) => `${file} is read by no entity of the spec, while ${like} is missing`).join('; ');
  return (
    `${join(check.dir)}: ${pairs} (a missing file is read as empty: every record would look new). ` +
    `Rename the file${check.misnamed.length === 1 ? '' : 's'} (files read here: ${check.expected.join(', ')}; ` +
    'see `dataflow sync SPEC --list-files`)'
  );
}
