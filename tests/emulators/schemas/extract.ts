/**
 * Extracts the schemas the emulators answer with from the public OpenAPI
 * documents into the committed fixtures here (run by hand when the documents
 * change): `tsx tests/emulators/schemas/extract.ts hubspot <contacts.json>`,
 * `... tripletex <openapi.json>`. Sources: HubSpot/HubSpot-public-api-spec-collection
 * PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json (the CRM object schemas are
 * shared by every object type), and
 * `... hubspot-associations <associations.json>` from PublicApiSpecs/CRM/Associations/Rollouts/130902/v4/associations.json
 * (an object's associations, paged); Tripletex 2.72.00 openapi.json as shipped in
 * valuetechdev/tripletex-go api/openapi.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Json = Record<string, unknown>;

const [kind, file] = process.argv.slice(2);
if ((kind !== 'hubspot' && kind !== 'hubspot-associations' && kind !== 'tripletex') || !file) {
  console.error('usage: extract.ts hubspot|hubspot-associations|tripletex OPENAPI.json');
  process.exit(2);
}
const doc = JSON.parse(readFileSync(file, 'utf8')) as { info: Json; components: { schemas: Record<string, Json> } };
const roots =
  kind === 'hubspot-associations'
    ? ['CollectionResponseMultiAssociatedObjectWithLabelForwardPaging']
    : kind === 'hubspot'
    ? [
        'CollectionResponseSimplePublicObjectWithAssociationsForwardPaging',
        'CollectionResponseWithTotalSimplePublicObject',
        'SimplePublicObject',
        'SimplePublicObjectWithAssociations',
        'BatchResponseSimplePublicObject',
        'BatchResponseSimplePublicObjectWithErrors',
        'Error',
        'PublicObjectSearchRequest',
        'BatchInputSimplePublicObjectBatchInputForCreate',
        'BatchInputSimplePublicObjectBatchInput',
        'SimplePublicObjectInput',
        'SimplePublicObjectInputForCreate',
      ]
    : [
        'ApiError',
        'ResponseWrapperSessionToken',
        ...['Customer', 'Supplier', 'Contact', 'Employee', 'Product', 'Order', 'OrderLine', 'Department', 'Project'].flatMap((n) => [
          `ListResponse${n}`,
          `ResponseWrapper${n}`,
        ]),
      ];
const picked: Record<string, Json> = {};
const visit = (name: string) => {
  if (picked[name]) return;
  const schema = doc.components.schemas[name];
  if (!schema) throw new Error(`no schema ${name}`);
  picked[name] = schema;
  JSON.stringify(schema, (key, value: unknown) => {
    if (key === '$ref' && typeof value === 'string') visit(value.replace('#/components/schemas/', ''));
    return value;
  });
};
roots.forEach(visit);
// Descriptions and examples are not needed to check shapes; dropping them keeps the fixture reviewable.
const strip = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(strip)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'description' && k !== 'example').map(([k, v]) => [k, strip(v)]))
      : value;
const out = {
  source:
    kind === 'hubspot'
      ? 'HubSpot/HubSpot-public-api-spec-collection PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json'
      : kind === 'hubspot-associations'
        ? 'HubSpot/HubSpot-public-api-spec-collection PublicApiSpecs/CRM/Associations/Rollouts/130902/v4/associations.json'
        : 'Tripletex API openapi.json (valuetechdev/tripletex-go api/openapi.json)',
  version: doc.info.version,
  components: { schemas: strip(picked) },
};
writeFileSync(new URL(`./${kind}.json`, import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${kind}.json: ${Object.keys(picked).length} schemas`);
