/**
 * Checks the emulators' answers against the public API schemas (the fixtures
 * in schemas/, extracted from the OpenAPI documents), so the emulators cannot
 * drift from the real APIs. One deliberate patch, said where it is made.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import hubspotSchemas from './schemas/hubspot.json' with { type: 'json' };
import hubspotAssociationSchemas from './schemas/hubspot-associations.json' with { type: 'json' };
import tripletexSchemas from './schemas/tripletex.json' with { type: 'json' };

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function compiler(doc: { components: { schemas: Record<string, unknown> } }, patch?: (schemas: Record<string, Json>) => void) {
  const schemas = structuredClone(doc.components.schemas) as Record<string, Json>;
  patch?.(schemas);
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'api', components: { schemas } });
  const cache = new Map<string, ValidateFunction>();
  return (name: string, value: unknown): string | undefined => {
    let validate = cache.get(name);
    if (!validate) {
      validate = ajv.compile({ $ref: `api#/components/schemas/${name}` });
      cache.set(name, validate);
    }
    if (validate(value)) return undefined;
    const e = validate.errors?.[0];
    return `${name}${e?.instancePath ?? ''} ${e?.message ?? 'invalid'}`;
  };
}

const checkHubSpotObjects = compiler(hubspotSchemas, (schemas) => {
  // The documents type property values as strings; the API answers null for a requested property
  // without a value, so null is allowed here (and the adapter's own check allows it too).
  for (const name of ['SimplePublicObject', 'SimplePublicObjectWithAssociations']) {
    const properties = (schemas[name]!.properties as Json).properties as Json;
    properties.additionalProperties = { type: 'string', nullable: true };
  }
});

const checkHubSpotAssociations = compiler(hubspotAssociationSchemas);

/** A schema name `v4/<name>` is one of the associations v4 document's; the others are the CRM objects v3 document's. */
export const checkHubSpot = (name: string, value: unknown): string | undefined =>
  name.startsWith('v4/') ? checkHubSpotAssociations(name.slice(3), value) : checkHubSpotObjects(name, value);

export const checkTripletex = compiler(tripletexSchemas);
