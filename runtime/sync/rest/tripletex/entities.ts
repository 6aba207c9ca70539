/**
 * Tripletex v2 resources by the names the specs use (`Tripletex Customer`,
 * `Tripletex Orderline`): their path, whether `changedSince` filters them
 * (only /customer and /supplier), what can be written, and the search
 * parameters that find a record by its values (to settle an uncertain create).
 */
export interface TripletexResource {
  readonly path: string;
  readonly changedSince?: boolean;
  readonly writable?: boolean;
  /** Has `isInactive` (Tripletex's way of retiring a record it keeps): such a record counts as deleted. */
  readonly inactive?: boolean;
  /** Required list parameters (order and invoice lists need a date range). */
  readonly query?: Readonly<Record<string, string>>;
  /** Record field -> list search parameter. */
  readonly search?: Readonly<Record<string, string>>;
  /** Listed inside another resource (`orderLines` of `/order`), since the API has no list of its own. */
  readonly inside?: { readonly path: string; readonly field: string; readonly parent: string; readonly query?: Readonly<Record<string, string>> };
}

const ALL_DATES = { orderDateFrom: '1970-01-01', orderDateTo: '2100-01-01' };

export const TRIPLETEX_RESOURCES: Readonly<Record<string, TripletexResource>> = {
  Customer: { path: '/customer', changedSince: true, writable: true, inactive: true, search: { email: 'email', name: 'customerName', organizationNumber: 'organizationNumber', phoneNumberMobile: 'phoneNumberMobile' } },
  Supplier: { path: '/supplier', changedSince: true, writable: true, inactive: true, search: { email: 'email', organizationNumber: 'organizationNumber', supplierNumber: 'supplierNumber' } },
  Contact: { path: '/contact', writable: true, inactive: true, search: { email: 'email', firstName: 'firstName', lastName: 'lastName' } },
  Employee: { path: '/employee', writable: true, search: { email: 'email', firstName: 'firstName', lastName: 'lastName', employeeNumber: 'employeeNumber' } },
  Product: { path: '/product', writable: true, inactive: true, search: { name: 'name', number: 'productNumber', ean: 'ean' } },
  Order: { path: '/order', writable: true, query: ALL_DATES, search: { number: 'number' } },
  Orderline: { path: '/order/orderline', writable: true, inside: { path: '/order', field: 'orderLines', parent: 'order', query: ALL_DATES } },
  Project: { path: '/project', writable: true, search: { name: 'name', number: 'number' } },
  Department: { path: '/department', writable: true, inactive: true, search: { name: 'name', departmentNumber: 'departmentNumber' } },
  Activity: { path: '/activity', writable: true, search: { name: 'name', number: 'number' } },
  Employment: { path: '/employee/employment', writable: true },
  Customercategory: { path: '/customer/category', writable: true, search: { name: 'name', number: 'number' } },
  Productgroup: { path: '/product/group', writable: true, search: { name: 'name' } },
  Productgrouprelation: { path: '/product/groupRelation', writable: true },
  Productunit: { path: '/product/unit', writable: true, search: { name: 'name', nameShort: 'nameShort' } },
  Projectcategory: { path: '/project/category', writable: true, search: { name: 'name', number: 'number' } },
  Invoice: { path: '/invoice', query: { invoiceDateFrom: '1970-01-01', invoiceDateTo: '2100-01-01' } },
  Country: { path: '/country' },
  Currency: { path: '/currency' },
  Vattype: { path: '/ledger/vatType' },
};
