/**
 * The entity part of a flow label, found without trusting the parser's split:
 * old documents write labels whose system part disagrees with the title
 * (`Businesscentral Items` under `Business Central`, `Wave Customer` under
 * `Wave Financial`), so the label is stripped of whichever known spelling of
 * the system it starts with, ignoring case and spaces.
 */
import type { Document, Side } from '../ir.js';
import { squash } from './row-key.js';

/** The system names a side may carry in either version of a document, longest first. */
export interface SideSystems {
  source: string[];
  target: string[];
}

export function sideSystems(before: Document, after: Document): SideSystems {
  const order = (names: string[]) => [...new Set(names.filter((n) => n.trim() !== ''))].sort((a, b) => compact(b).length - compact(a).length);
  return { source: order([before.sourceSystem, after.sourceSystem]), target: order([before.targetSystem, after.targetSystem]) };
}

export function bareEntity(side: Side, systems: readonly string[]): string {
  const label = squash(side.label);
  for (const system of [...systems, side.system]) {
    const rest = stripPrefix(label, compact(system));
    if (rest !== null) return rest;
  }
  return label;
}

/** Case- and space-insensitive entity equality. */
export function sameEntityName(a: string, b: string): boolean {
  return compact(a) === compact(b);
}

/** The first word, for "the same kind of thing" (`Customers person` and `Customers (human data)`). */
export function entityStem(entity: string): string {
  return (entity.toLowerCase().match(/[a-z0-9]+/) ?? [''])[0]!;
}

function compact(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

/** The label after `system` (matched ignoring case and spaces) and one space, or null when it does not start with it. */
function stripPrefix(label: string, system: string): string | null {
  if (!system) return null;
  let k = 0;
  let matched = 0;
  const lower = label.toLowerCase();
  while (k < lower.length && matched < system.length) {
    if (lower[k] === ' ') {
      k++;
      continue;
    }
    if (lower[k] !== system[matched]) return null;
    k++;
    matched++;
  }
  if (matched < system.length || lower[k] !== ' ') return null;
  return label.slice(k + 1).trim();
}
