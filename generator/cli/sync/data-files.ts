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
      for (const name of flow.rules.createWhenConnectedTo ?? []) {
        // "HubSpot Deal": the system's own name may lead.
        add(name.startsWith(`${flow.source.system} `) ? name.slice(flow.source.system.length + 1) : name);
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
}

export function checkFolder(dir: string, side: 'left' | 'right', flows: readonly AnyFlow[]): FolderCheck {
  const expected = expectedFiles(flows, side);
  const own = new Set(flows.map((f) => `${entitySlug(side === 'left' ? f.source.entity : f.target.entity)}.json`));
  const present = readdirSync(dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  return {
    side,
    dir,
    unread: present.filter((name) => !expected.has(name)).sort(),
    missing: [...own].filter((name) => !present.includes(name)).sort(),
    expected: [...expected.keys()],
  };
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
  return (
    `${join(check.dir)}: ${check.unread.join(', ')} ${check.unread.length === 1 ? 'is' : 'are'} read by no entity of the spec, ` +
    `while ${check.missing.join(', ')} ${check.missing.length === 1 ? 'is' : 'are'} missing (read as empty). ` +
    `Rename the file${check.unread.length === 1 ? '' : 's'} to the expected name (files read here: ${check.expected.join(', ')}; ` +
    'see `dataflow sync SPEC --list-files`)'
  );
}
