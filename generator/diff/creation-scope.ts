/**
 * Which source entities may create a target entity, derived from the link and
 * creation sentences together: with no link rule every entity may; with a link
 * rule none may, unless a "will be created from ... if it is connected to" list
 * opens creation for entities connected to the listed types.
 */
import type { Flow } from '../ir.js';
import { squash } from './row-key.js';

export type CreationScope = { kind: 'all' } | { kind: 'none' } | { kind: 'connected'; names: Set<string> };

export function creationScope(flow: Flow): CreationScope {
  if (flow.createWhenConnectedTo) return { kind: 'connected', names: connectedNames(flow) };
  return flow.requiresLink ? { kind: 'none' } : { kind: 'all' };
}

/** The listed entity types, normalised (case and spacing), without the system the sentence writes before them. */
export function connectedNames(flow: Flow): Set<string> {
  return new Set((flow.connectedTo ?? []).map((side) => squash(side.entity).toLowerCase()));
}

export type ScopeChange = 'same' | 'narrower' | 'wider' | 'changed';

export function compareScopes(before: CreationScope, after: CreationScope): ScopeChange {
  const rank = { none: 0, connected: 1, all: 2 } as const;
  if (before.kind === 'connected' && after.kind === 'connected') {
    const lost = [...before.names].some((n) => !after.names.has(n));
    const gained = [...after.names].some((n) => !before.names.has(n));
    return lost && gained ? 'changed' : lost ? 'narrower' : gained ? 'wider' : 'same';
  }
  const d = rank[after.kind] - rank[before.kind];
  return d === 0 ? 'same' : d < 0 ? 'narrower' : 'wider';
}
