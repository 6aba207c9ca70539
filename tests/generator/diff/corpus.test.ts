/**
 * The diff on real consecutive versions of documents from ../shared/corpus, with
 * the expected changes written out by hand from reading the two texts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeKind } from '../../../generator/diff/change.js';
import { diffDocument } from '../../../generator/diff/diff-document.js';
import { parseSpecText } from '../../../generator/parse.js';

const shared = resolve(import.meta.dirname, '../../../../shared');
const haveCorpus = existsSync(join(shared, 'corpus', 'history')) && existsSync(join(shared, 'seed'));
if (!haveCorpus) console.warn(`tests/generator/diff/corpus.test.ts: skipped, no corpus at ${shared}`);

const history = (name: string) => join(shared, 'corpus', 'history', name);
const latest = (name: string) => join(shared, 'corpus', 'latest', name);

/** Each change as `flow title | severity rule: message` (the new title, or the old one for removed flows). */
function changes(oldPath: string, newPath: string, kinds?: ChangeKind[]): string[] {
  const parse = (path: string) => parseSpecText(path, readFileSync(path));
  const diff = diffDocument('doc.rst', parse(oldPath), parse(newPath));
  return diff.changes
    .filter((c) => !kinds || kinds.includes(c.kind))
    .map((c) => `${c.flow ? (c.flow.new ?? c.flow.old)!.title : '(document)'} | ${c.severity} ${c.rule}: ${c.message}`);
}

describe.skipIf(!haveCorpus)('diff of real consecutive versions', () => {
  it('seed -> latest invoiced-crmoffice: a renamed label is a rename, not a removal plus an addition', () => {
    expect(changes(join(shared, 'seed', 'invoiced-crmoffice.rst'), latest('invoiced-crmoffice.rst'))).toEqual([
      'Invoiced Customers (human data) to CRMOffice Contacts | breaking flow-renamed-entity: flow renamed: "Invoiced Customers person to CRMOffice Contacts" -> "Invoiced Customers (human data) to CRMOffice Contacts"',
    ]);
  });

  it('superoffice-shopify 2024-07-03 (two versions): four property rows removed', () => {
    expect(changes(history('superoffice-shopify@2024-07-03@4784006821a3.rst'), history('superoffice-shopify@2024-07-03@bf8424154c1f.rst'))).toEqual([
      'SuperOffice Person to Shopify Customer | breaking property-removed: property removed: Emails.Value -> email ("string")',
      'SuperOffice Person to Shopify Customer | breaking property-removed: property removed: Firstname -> first_name ("string")',
      'SuperOffice Person to Shopify Customer | breaking property-removed: property removed: Lastname -> last_name ("string")',
      'SuperOffice Person to Shopify Customer | breaking property-removed: property removed: OfficePhones.Value -> phone ("string")',
    ]);
  });

  it('superoffice-powerofficego 2023-10-04 -> 10-18: creation opened to one more connected type in four flows, one row added', () => {
    const widened =
      'compatible creation-widened: creation rule: created only when connected to SuperOffice Quotealternative -> created only when connected to SuperOffice Quoteline, SuperOffice Quotealternative';
    expect(changes(history('superoffice-powerofficego@2023-10-04@2db96e9aed75.rst'), history('superoffice-powerofficego@2023-10-18@7f333279bbc1.rst'))).toEqual([
      `SuperOffice Contact to PowerOfficeGo Customers person | ${widened}`,
      `SuperOffice Contact to PowerOfficeGo Customers | ${widened}`,
      `SuperOffice Person to PowerOfficeGo Customers person | ${widened}`,
      `SuperOffice Person to PowerOfficeGo Customers | ${widened}`,
      'SuperOffice Quoteline to PowerOfficeGo Salesorderlines | compatible property-added: property added: ERPProductKey -> ProductCode ("string")',
    ]);
  });

  it('zohocrm-exact 2024-08-29 -> 09-03: the empty target system gets its name, rows and a flow are added', () => {
    expect(changes(history('zohocrm-exact@2024-08-29@4a02b149d510.rst'), history('zohocrm-exact@2024-09-03@6bf5c9f95f9c.rst'))).toEqual([
      '(document) | compatible system-renamed: target system renamed: "" -> "Exact"',
      'ZohoCRM Account to  Accounts | compatible property-added: property added: Account_Name -> Name ("string")',
      'ZohoCRM Account to  Accounts | compatible property-added: property added: Billing_Code -> Postcode ("string")',
      'ZohoCRM Account to  Accounts | compatible property-added: property added: Phone -> Phone ("string")',
      'ZohoCRM Account to  Accounts | compatible property-added: property added: Shipping_Code -> Postcode ("string")',
      'ZohoCRM Account to  Accounts | compatible property-added: property added: Website -> Website ("string")',
      'ZohoCRM Deal to  Quotations | compatible flow-added: flow added (0 properties)',
    ]);
  });

  it('unieconomy-tidsbanken 2024-03-26 -> latest: a link becomes required, and the same title appears a second time', () => {
    expect(changes(history('unieconomy-tidsbanken@2024-03-26@5f2e5f57a67b.rst'), latest('unieconomy-tidsbanken.rst'))).toEqual([
      'Unieconomy Customers to Tidsbanken Kunde | breaking link-required: a link is now required before anything syncs',
      'Unieconomy Customers to Tidsbanken Kunde | compatible flow-added: flow added (0 properties)',
    ]);
  });

  it('wix-superoffice 2023-09-05 (two versions): links dropped, a merge criterion, rows and flows added: all compatible', () => {
    expect(changes(history('wix-superoffice@2023-09-05@139ed20647c2.rst'), history('wix-superoffice@2023-09-05@74c195ff66b8.rst'))).toEqual([
      'Wix.com Contacts to SuperOffice Person | compatible link-dropped: a link is no longer required before syncing',
      'Wix.com Contacts to SuperOffice Person | compatible merge-criterion-added: merge criterion added: primaryInfo.email = Emails.Value',
      'Wix.com Contacts to SuperOffice Person | compatible property-added: property added: info.name.first -> Firstname ("string")',
      'Wix.com Contacts to SuperOffice Person | compatible property-added: property added: info.name.last -> Lastname ("string")',
      'Wix.com Contacts to SuperOffice Person | compatible property-added: property added: primaryInfo.email -> Emails.Value ("string")',
      'Wix.com Contacts to SuperOffice Person | compatible property-added: property added: primaryInfo.phone -> MobilePhones.Value ("string")',
      'Wix.com Inventory to SuperOffice Product | compatible flow-added: flow added (0 properties)',
      'Wix.com Members to SuperOffice Person | compatible link-dropped: a link is no longer required before syncing',
      'Wix.com Members to SuperOffice Person | compatible property-added: property added: loginEmail -> Emails.Value ("string")',
      'Wix.com Products to SuperOffice Product | compatible flow-added: flow added (0 properties)',
    ]);
  });

  it('hubspot-zendesk 2023-10-05 -> latest: link required, a spelling that changes the entity, flows replaced', () => {
    expect(changes(history('hubspot-zendesk@2023-10-05@5e105a8d9c67.rst'), latest('hubspot-zendesk.rst'))).toEqual([
      'HubSpot Contact to Zendesk Users | breaking link-required: a link is now required before anything syncs',
      'HubSpot Contact to Zendesk Users | compatible property-added: property added: properties.email -> email ("string")',
      'HubSpot Company to Zendesk Organizations | breaking flow-renamed-entity: flow renamed: "HubSpot Company to Zendesk Organisations" -> "HubSpot Company to Zendesk Organizations"',
      'HubSpot Company to Zendesk Organizations | breaking property-removed: property removed: properties.website -> url ("string")',
      'HubSpot Contactcompanyassociation to Zendesk Users | breaking flow-removed: flow removed (0 properties)',
      'HubSpot Ticket to Zendesk Ticketcomments | breaking flow-removed: flow removed (1 property)',
      'HubSpot Pipelineticket to Zendesk Tickets | compatible flow-added: flow added (0 properties)',
      'HubSpot User to Zendesk Users | compatible property-added: property added: email -> email ("string")',
    ]);
  });

  it('crmoffice-crmoffice 2024-09-11 -> latest: only the system name changes case', () => {
    expect(changes(history('crmoffice-crmoffice@2024-09-11@1583fa217d72.rst'), latest('crmoffice-crmoffice.rst'))).toEqual([
      '(document) | compatible system-renamed: target system renamed: "Crmoffice" -> "CRMOffice"',
    ]);
  });

  it('woocommerce-salesforce 2024-09-24 -> latest: a row moving between two sections of the same title is no change', () => {
    expect(changes(history('woocommerce-salesforce@2024-09-24@2d829328cf63.rst'), latest('woocommerce-salesforce.rst'))).toEqual([]);
  });

  it('hubspot-tripletex 2023-10-05 -> latest: type changes, one of them the integer to float widening', () => {
    expect(changes(history('hubspot-tripletex@2023-10-05@46f8a8f12b29.rst'), latest('hubspot-tripletex.rst'), ['type-changed'])).toEqual([
      'HubSpot Contact to Tripletex Contact | breaking type-changed: type changed: properties.mobilephone -> phoneNumberMobile: "if","matches","+* *","_."],"join"," ","slice", 1,"split", " ","_."]]],"_."] -> N/A',
      'HubSpot Contact to Tripletex Employee | breaking type-changed: type changed: properties.date_of_birth -> dateOfBirth: "datetime-format","%Y-%m-%d","_."] -> N/A',
      'HubSpot Contact to Tripletex Employee | breaking type-changed: type changed: properties.mobilephone -> phoneNumberMobile: "string" -> N/A',
      'HubSpot Deal to Tripletex Order | breaking type-changed: type changed: properties.closedate -> deliveryDate: "datetime-format","%Y-%m-%d","_."] -> N/A',
      'HubSpot Deal to Tripletex Order | breaking type-changed: type changed: properties.closedate -> orderDate: "datetime-format","%Y-%m-%d","_."] -> N/A',
      'HubSpot Product to Tripletex Product | compatible type-widened: type changed: properties.hs_cost_of_goods_sold -> costExcludingVatCurrency: "integer" -> "float"',
    ]);
  });

  it('tripletex-wave 2023-05-09 -> 09-25: a trigger is added to an existing flow (rules only)', () => {
    expect(
      changes(history('tripletex-wave@2023-05-09@62e65bf5b595.rst'), history('tripletex-wave@2023-09-25@0339d8c4c36e.rst'), [
        'trigger-changed',
        'link-rule-changed',
        'creation-rule-changed',
        'merge-criterion-added',
        'merge-criterion-removed',
        'flow-removed',
        'flow-renamed',
      ]),
    ).toEqual(['Tripletex Customer to Wave Customer | breaking trigger-added: trigger added: "removed person customers for now until that pattern is resolved"']);
  });
});
