/**
 * System hints from a spec's file name (`asana-hubspot.rst`,
 * `asana-hubspot@2023-11-30@a1ef409c400c.rst`): used only to split labels when
 * the title leaves a system name empty.
 */
import { basename } from 'node:path';

export function systemHintsOf(path: string): { source: string; target: string } {
  const stem = basename(path).replace(/\.[^.]*$/, '').replace(/@.*$/, '');
  const parts = stem.split('-');
  if (parts.length !== 2) return { source: '', target: '' };
  return { source: compact(parts[0]!), target: compact(parts[1]!) };
}

/** Lower case, letters and digits only: how names are compared with file-name hints. */
export function compact(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}
