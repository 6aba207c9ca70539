/**
 * Creation predicates for specs/hubspot-tripletex.rst: this file is yours to edit.
 *
 * `dataflow generate` created it and appends a stub when a new flow needs one;
 * it never changes or removes what is here. A predicate still set to
 * `notWritten` makes the sync skip the record and report why.
 */
import { notWritten } from 'dataflow/runtime';
import type { CreationPredicate } from 'dataflow/runtime';

/**
 * HubSpot Contact to Tripletex Contact (specs/hubspot-tripletex.rst:12):
 * Connected to HubSpot Deal, Quote, Lineitem, Quotedealassociation, Dealcompanyassociation, Dealcontactassociation, Lineitemdealassociation, Quotecompanyassociation, Quotecontactassociation, Lineitemquoteassociation, Ticketcompanyassociation, Quotequotetemplateassociation that is synchronized into Tripletex.
 * Return true to create the target record for this source record.
 */
export const shouldCreateHubspotContactToTripletexContact: CreationPredicate<import('../generated/hubspot-tripletex/hubspot-contact-to-tripletex-contact.js').HubspotContact> = notWritten;

/**
 * HubSpot Contact to Tripletex Customer (specs/hubspot-tripletex.rst:55):
 * Connected to HubSpot Deal, Quote, Lineitem, Quotedealassociation, Dealcompanyassociation, Dealcontactassociation, Lineitemdealassociation, Quotecompanyassociation, Quotecontactassociation, Lineitemquoteassociation, Ticketcompanyassociation, Quotequotetemplateassociation that is synchronized into Tripletex.
 * Return true to create the target record for this source record.
 */
export const shouldCreateHubspotContactToTripletexCustomer: CreationPredicate<import('../generated/hubspot-tripletex/hubspot-contact-to-tripletex-customer.js').HubspotContact> = notWritten;

/**
 * HubSpot Deal to Tripletex Order (specs/hubspot-tripletex.rst:187):
 * When a HubSpot Deal has a 100% probability of beeing sold
 * Return true to create the target record for this source record.
 */
export const shouldCreateHubspotDealToTripletexOrder: CreationPredicate<import('../generated/hubspot-tripletex/hubspot-deal-to-tripletex-order.js').HubspotDeal> = notWritten;
