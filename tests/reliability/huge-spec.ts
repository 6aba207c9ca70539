/** The seed spec with its last property table grown to `rows` rows (200,000 rows is about 12 MB): input far past any real document. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../fixtures/generate/project.js';

export const SEED = join(projectRoot, '..', 'shared', 'seed', 'invoiced-crmoffice.rst');

export function hugeSpec(rows: number): string {
  const seed = readFileSync(SEED, 'utf8').trimEnd();
  const parts: string[] = [seed, '\n'];
  for (let i = 1; i <= rows; i++) {
    parts.push(`   * - properties.field_${i}\n     - custom${i}\n     - "string"\n`);
  }
  return parts.join('');
}
