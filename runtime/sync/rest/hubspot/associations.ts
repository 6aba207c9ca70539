/**
 * HubSpot associations as the specs name them (`Lineitemdealassociation`,
 * `Dealcompanyassociationtype`): read-only records, one per associated pair,
 * read from the from-object's list with `associations=<to type>` (one listing,
 * not a request per record). HubSpot keeps no change time for associations,
 * so they are read in full on every run; writing them is not supported.
 */
import type { AnyRecord } from '../../../flow.js';
import type { RestEntity } from '../types.js';
import { HUBSPOT_OBJECTS } from './objects.js';

/** The association targets the specs use, by their name in an entity name. */
const TARGETS: Readonly<Record<string, string>> = {
  Company: 'companies',
  Contact: 'contacts',
  Deal: 'deals',
  Quote: 'quotes',
  Quotetemplate: 'quote_template',
  Lineitem: 'line_items',
  Ticket: 'tickets',
};

/** `Lineitemdealassociationtype` -> from `line_items` to `deals`, or undefined for other names. */
export function associationOf(entity: string): { from: string; to: string } | undefined {
  const m = /^([A-Z][a-z]+)association(type)?$/.exec(entity);
  if (!m) return undefined;
  for (const [fromName, from] of Object.entries(HUBSPOT_OBJECTS)) {
    if (!m[1]!.startsWith(fromName)) continue;
    const rest = m[1]!.slice(fromName.length);
    const toName = Object.keys(TARGETS).find((name) => name.toLowerCase() === rest);
    if (toName) return { from: from.type, to: TARGETS[toName]! };
  }
  return undefined;
}

export function associationEntity(from: string, to: string): RestEntity {
  return {
    path: `/crm/v3/objects/${from}`,
    list: {
      query: { associations: to, properties: 'hs_object_id', archived: false },
      paging: { style: 'cursor', param: 'after', next: 'paging.next.after', sizeParam: 'limit', size: 100 },
      records: 'results',
      transform: (object: AnyRecord) => {
        const found = (object.associations as Record<string, { results?: { id: string; type?: string }[] }> | undefined)?.[to]?.results ?? [];
        return found.map((a) => ({ id: `${String(object.id)}_${a.id}`, fromObjectId: String(object.id), toObjectId: a.id, associationType: a.type ?? null }));
      },
    },
    get: false,
  };
}

/** Every association entity name the corpus uses whose two ends hubspot() knows. */
export function associationEntities(): Record<string, RestEntity> {
  const out: Record<string, RestEntity> = {};
  for (const fromName of ['Contact', 'Deal', 'Lineitem', 'Quote', 'Ticket']) {
    for (const toName of Object.keys(TARGETS)) {
      if (toName === fromName) continue;
      for (const suffix of ['association', 'associationtype']) {
        const name = `${fromName}${toName.toLowerCase()}${suffix}`;
        const pair = associationOf(name);
        if (pair) out[name] = associationEntity(pair.from, pair.to);
      }
    }
  }
  return out;
}
