/**
 * Creation predicates for specs/zendesk-superoffice.md: this file is yours to edit.
 *
 * `dataflow generate` created it and appends a stub when a new flow needs one;
 * it never changes or removes what is here. A predicate still set to
 * `notWritten` makes the sync skip the record and report why.
 */
import { notWritten } from 'dataflow/runtime';
import type { CreationPredicate } from 'dataflow/runtime';

/**
 * Zendesk Users to SuperOffice Person (specs/zendesk-superoffice.md:41):
 * When a Zendesk User is of type End-user
 * Return true to create the target record for this source record.
 */
export const shouldCreateZendeskUsersToSuperofficePerson: CreationPredicate<import('../generated/zendesk-superoffice/zendesk-users-to-superoffice-person.js').ZendeskUsers> = notWritten;

/**
 * Zendesk Tickets to SuperOffice Ticket (specs/zendesk-superoffice.md:69):
 * Connected to Zendesk Organizations, Users that is synchronized into SuperOffice.
 * Return true to create the target record for this source record.
 */
export const shouldCreateZendeskTicketsToSuperofficeTicket: CreationPredicate<import('../generated/zendesk-superoffice/zendesk-tickets-to-superoffice-ticket.js').ZendeskTickets> = notWritten;
