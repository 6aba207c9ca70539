/**
 * The flows the model-based sync test runs, from the bundled hubspot-tripletex
 * spec's generated code: Product -> Product (always created), Contact ->
 * Employee (never created: "a link must be established first", merged on the
 * normalised e-mail) and Contact -> Customer (merged on the e-mail, created
 * only when the contact is linked to an employee: createWhenConnectedTo with a
 * predicate that reads the other flow's links). And the spec versions the
 * test moves between: the price row removed, the cost row reading another
 * path, the product flow renamed.
 */
import type { AnyRecord, PropertyBinding } from '../../../runtime/index.js';
import type { AnyFlow } from '../../../runtime/sync/index.js';
import { flows } from '../../../generated/hubspot-tripletex/index.js';

const generated = flows as readonly AnyFlow[];
const byId = (id: string) => generated.find((f) => f.id === id)!;

export const SCOPE = 'hubspot-tripletex';
export const PRODUCT = byId('hubspot-product-to-tripletex-product');
export const EMPLOYEE = byId('hubspot-contact-to-tripletex-employee');
const customer = byId('hubspot-contact-to-tripletex-customer');

/** Contact -> Customer, created for contacts linked to an employee (as stored before this run). */
export const CUSTOMER: AnyFlow = {
  ...customer,
  rules: {
    ...customer.rules,
    predicate: {
      name: 'linkedToEmployee',
      file: 'tests/reliability/sync-model/flows.ts',
      test: (record: AnyRecord, context: { isSynchronized(flowId: string, id: string | number): boolean }) =>
        context.isSynchronized(EMPLOYEE.id, record.id as string),
    },
  },
};

export type ProductRows = 'all' | 'no-price' | 'cost-moved';
export const PRODUCT_ROWS: readonly ProductRows[] = ['all', 'no-price', 'cost-moved'];

const COST = 'hs_cost_of_goods_sold';
const MOVED_COST = 'cost_price';

/** The product flow as one version of the spec has it (each built once: the engine caches plans per flow object). */
function productVersion(rows: ProductRows, renamed: boolean): AnyFlow {
  const id = renamed ? `${PRODUCT.id}-renamed` : PRODUCT.id;
  if (rows === 'all') return { ...PRODUCT, id };
  if (rows === 'no-price') {
    return {
      ...PRODUCT,
      id,
      properties: PRODUCT.properties.filter((p) => p.target.path[0] !== 'priceExcludingVatCurrency'),
      toTarget: (record: AnyRecord) => {
        const { priceExcludingVatCurrency: _price, ...rest } = PRODUCT.toTarget(record) as AnyRecord;
        return rest;
      },
      toSource: (record: AnyRecord) => {
        const source = PRODUCT.toSource(record) as AnyRecord;
        const properties = { ...(source.properties as AnyRecord) };
        delete properties.price;
        return { ...source, properties };
      },
    };
  }
  // The cost row reads properties.cost_price instead of properties.hs_cost_of_goods_sold.
  const moved = (p: PropertyBinding): PropertyBinding =>
    p.source.path[1] === COST ? { ...p, source: { ...p.source, path: ['properties', MOVED_COST] } } : p;
  return {
    ...PRODUCT,
    id,
    properties: PRODUCT.properties.map(moved),
    toTarget: (record: AnyRecord) => {
      const properties = { ...((record.properties as AnyRecord | undefined) ?? {}) };
      properties[COST] = properties[MOVED_COST];
      delete properties[MOVED_COST];
      return PRODUCT.toTarget({ ...record, properties });
    },
    toSource: (record: AnyRecord) => {
      const source = PRODUCT.toSource(record) as AnyRecord;
      const properties = { ...(source.properties as AnyRecord) };
      properties[MOVED_COST] = properties[COST];
      delete properties[COST];
      return { ...source, properties };
    },
  };
}

const versions = new Map<string, AnyFlow>();
for (const rows of PRODUCT_ROWS) for (const renamed of [false, true]) versions.set(`${rows}/${renamed}`, productVersion(rows, renamed));

export interface SpecVersion {
  rows: ProductRows;
  renamed: boolean;
}

/** The spec's flows in spec order. */
export function specFlows(version: SpecVersion): AnyFlow[] {
  return [CUSTOMER, EMPLOYEE, versions.get(`${version.rows}/${version.renamed}`)!];
}

export function describeRows(rows: ProductRows): string {
  return { all: 'with every row', 'no-price': 'without the row properties.price -> priceExcludingVatCurrency', 'cost-moved': 'with the cost row reading properties.cost_price' }[rows];
}
