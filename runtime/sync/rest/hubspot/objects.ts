/**
 * HubSpot CRM v3 objects by the names the specs use (`HubSpot Contact`,
 * `HubSpot Lineitem`): their object type in the URL and the property that
 * holds their last change (contacts `lastmodifieddate`, others `hs_lastmodifieddate`).
 */
export interface HubSpotObject {
  /** `/crm/v3/objects/{type}`. */
  readonly type: string;
  readonly modified: string;
  /** A property that identifies a record on its own, to settle an uncertain create (`idProperty`). */
  readonly unique?: string;
  /** Properties that most likely tell a new record from others, searched first when settling a create. */
  readonly keys: readonly string[];
}

export const HUBSPOT_OBJECTS: Readonly<Record<string, HubSpotObject>> = {
  Contact: { type: 'contacts', modified: 'lastmodifieddate', unique: 'email', keys: ['email', 'firstname', 'lastname'] },
  Company: { type: 'companies', modified: 'hs_lastmodifieddate', keys: ['domain', 'name'] },
  Deal: { type: 'deals', modified: 'hs_lastmodifieddate', keys: ['dealname', 'amount', 'closedate'] },
  Lineitem: { type: 'line_items', modified: 'hs_lastmodifieddate', keys: ['name', 'hs_product_id', 'quantity'] },
  Product: { type: 'products', modified: 'hs_lastmodifieddate', keys: ['hs_sku', 'name', 'price'] },
  Quote: { type: 'quotes', modified: 'hs_lastmodifieddate', keys: ['hs_title', 'hs_expiration_date'] },
  Ticket: { type: 'tickets', modified: 'hs_lastmodifieddate', keys: ['subject', 'hs_pipeline_stage'] },
  User: { type: 'users', modified: 'hs_lastmodifieddate', keys: ['hs_email', 'hs_given_name', 'hs_family_name'] },
};

/** The HubSpot property names among mapped paths: `properties.email` -> `email`. */
export function propertyNames(paths: readonly (readonly string[])[] | undefined): string[] | undefined {
  if (!paths) return undefined;
  const names = new Set<string>();
  for (const path of paths) if (path[0] === 'properties' && path[1] !== undefined) names.add(path[1]);
  return [...names].sort();
}

/** HubSpot property values are strings; "" clears one. */
export function propertyValues(values: unknown): Record<string, string> {
  // No prototype: a property named `__proto__` in record data stays a property.
  const out = Object.create(null) as Record<string, string>;
  if (typeof values !== 'object' || values === null) return out;
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    out[key] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}
