/**
 * HubSpot associations as the specs name them (`Lineitemdealassociation`,
 * `Dealcompanyassociationtype`): read-only records, one per associated pair,
 * read from the from-object's list with `associations=<to type>` (one listing,
 * not a request per record). The listing shows an object's first associations
 * inline and pages the rest: an object with more is read again, whole, from
 * the v4 associations API (`after` paging, 500 a page). HubSpot keeps no
 * change time for associations, so they are read in full on every run. They
 * are read-only: the bundled spec's association flows create Tripletex order
 * lines and never write HubSpot, so nothing here writes the associations API.
 */
import type { AnyRecord } from '../../../flow.js';
import { readPath } from '../dot-path.js';
import { RestError, withRequestId } from '../rest-error.js';
import type { RestClient, RestEntity } from '../types.js';
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

interface InlineAssociations {
  results?: { id: string; type?: string }[];
  paging?: { next?: { after?: string } };
}

const association = (from: string, to: string, type: string | null): AnyRecord => ({ id: `${from}_${to}`, fromObjectId: from, toObjectId: to, associationType: type });

/**
 * Every association of one object to a type, from the v4 API page by page.
 * v4 names a type by category and id (and a label when it has one), not by
 * the v3 name the inline list gives (`line_item_to_deal`).
 */
async function allAssociations(client: RestClient, fromType: string, from: string, to: string): Promise<AnyRecord[]> {
  const out: AnyRecord[] = [];
  const path = `/crm/v4/objects/${fromType}/${encodeURIComponent(from)}/associations/${to}`;
  const seen = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const response = await client.request({ method: 'GET', path, query: { limit: 500, ...(after === undefined ? {} : { after }) } });
    const results = readPath(response.body, 'results');
    if (!Array.isArray(results)) throw new RestError('abort', withRequestId(`HubSpot GET ${path}: the answer has no list at "results"`, response.requestId));
    for (const item of results as { toObjectId?: unknown; associationTypes?: { category?: string; typeId?: number; label?: string | null }[] }[]) {
      const type = item.associationTypes?.[0];
      out.push(association(from, String(item.toObjectId), type ? type.label ?? `${type.category ?? ''}:${type.typeId ?? ''}` : null));
    }
    const next = readPath(response.body, 'paging.next.after');
    if (typeof next !== 'string' || next === '') return out;
    if (seen.has(next)) throw new RestError('abort', withRequestId(`HubSpot GET ${path}: the paging cursor ${JSON.stringify(next)} came back twice`, response.requestId));
    seen.add(next);
    after = next;
  }
}

export function associationEntity(fromType: string, to: string): RestEntity {
  return {
    path: `/crm/v3/objects/${fromType}`,
    list: {
      query: { associations: to, properties: 'hs_object_id', archived: false },
      paging: { style: 'cursor', param: 'after', next: 'paging.next.after', sizeParam: 'limit', size: 100 },
      records: 'results',
      transform: (object: AnyRecord, client: RestClient) => {
        const inline = (object.associations as Record<string, InlineAssociations> | undefined)?.[to];
        const from = String(object.id);
        if (inline?.paging?.next?.after) return allAssociations(client, fromType, from, to);
        return (inline?.results ?? []).map((a) => association(from, String(a.id), a.type ?? null));
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
