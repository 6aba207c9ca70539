/**
 * "Newer wins" between HubSpot and Tripletex through the adapters'
 * `updatedAt` hooks: Tripletex objects carry no `updatedAt`, only their change
 * history, so without the hook a Tripletex edit always lost a conflict.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotContactToTripletexEmployee as flow } from '../../../../generated/hubspot-tripletex/index.js';
import { hubspot, newerSide, runSync, tripletex, type StateStore } from '../../../../runtime/sync/index.js';
import { lastChange } from '../../../../runtime/sync/rest/tripletex/tripletex.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot-emulator.js';
import { EmulatorClock } from '../../../emulators/server.js';
import type { TripletexEmulator } from '../../../emulators/tripletex-emulator.js';
import { connectHubSpot, connectTripletex, startPair, stopPair } from './emulated.js';
import { testClock } from './test-clock.js';

let clock: EmulatorClock;
let hs: HubSpotEmulator;
let tt: TripletexEmulator;
let store: StateStore;

beforeEach(async () => {
  ({ clock, hs, tt, store } = await startPair());
});

afterEach(() => stopPair({ clock, hs, tt, store }));

function sync() {
  const adapterClock = testClock(clock);
  const left = connectHubSpot(hs, adapterClock);
  const right = connectTripletex(tt, adapterClock);
  return runSync([flow], { left, right, store, now: () => new Date(clock.now()) });
}

/** Kari in both systems, linked by e-mail and synced once. */
async function linked() {
  const [contact] = hs.seed('contacts', [{ email: 'kari@example.no', firstname: 'Kari', lastname: 'Nordmann', phone: '+47 1' }]);
  const [employee] = tt.seed('/employee', [{ firstName: 'Kari', lastName: 'Nordmann', email: 'kari@example.no', phoneNumberWork: '+47 1' }]);
  clock.advance(60_000);
  const first = await sync();
  expect(first.flows[0]).toMatchObject({ linked: 1, errors: [] });
  clock.advance(60_000);
  return { contact: contact!, employee: employee! };
}

describe('newer wins, with the time from each adapter', () => {
  it('a Tripletex edit later than the HubSpot one wins the conflict (only its change history says when)', async () => {
    const { contact, employee } = await linked();
    hs.edit('contacts', contact.id, { phone: '+47 2 HubSpot' });
    clock.advance(60_000);
    tt.edit('/employee', employee.id, { phoneNumberWork: '+47 3 Tripletex' });
    clock.advance(60_000);
    const report = await sync();
    expect(report.flows[0]).toMatchObject({ conflicts: 1, errors: [] });
    expect(hs.get('contacts', contact.id)!.properties.phone).toBe('+47 3 Tripletex');
    expect(tt.get('/employee', employee.id)!.phoneNumberWork).toBe('+47 3 Tripletex');
  });

  it('a HubSpot edit later than the Tripletex one wins', async () => {
    const { contact, employee } = await linked();
    tt.edit('/employee', employee.id, { phoneNumberWork: '+47 3 Tripletex' });
    clock.advance(60_000);
    hs.edit('contacts', contact.id, { phone: '+47 2 HubSpot' });
    clock.advance(60_000);
    const report = await sync();
    expect(report.flows[0]).toMatchObject({ conflicts: 1, errors: [] });
    expect(hs.get('contacts', contact.id)!.properties.phone).toBe('+47 2 HubSpot');
    expect(tt.get('/employee', employee.id)!.phoneNumberWork).toBe('+47 2 HubSpot');
  });

  it('the hooks read the systems\' own places: HubSpot\'s last-modified property, Tripletex\'s latest change in Oslo time', () => {
    const hsSystem = hubspot({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    expect(hsSystem.updatedAt!('Contact', { id: '1', properties: { lastmodifieddate: '2026-03-01T10:00:00.000Z' } })).toBe('2026-03-01T10:00:00.000Z');
    expect(hsSystem.updatedAt!('Deal', { id: '1', properties: { hs_lastmodifieddate: '2026-03-02T10:00:00.000Z' }, updatedAt: '2026-01-01T00:00:00.000Z' })).toBe(
      '2026-03-02T10:00:00.000Z',
    );
    // Winter time is UTC+1, summer time UTC+2; the history need not be in order.
    expect(lastChange({ changes: [{ timestamp: '2026-07-01T12:00:00' }, { timestamp: '2026-01-10T12:00:00' }] })).toBe('2026-07-01T10:00:00.000Z');
    expect(lastChange({ changes: [{ timestamp: '2026-01-10T12:00:00.250' }] })).toBe('2026-01-10T11:00:00.000Z');
    expect(lastChange({ changes: [{ timestamp: 'yesterday' }, {}] })).toBeUndefined();
    expect(lastChange({})).toBeUndefined();
    const ttSystem = tripletex({ baseUrl: 'http://127.0.0.1:1/v2', consumerToken: 'c', employeeToken: 'e' });
    expect(ttSystem.updatedAt!('Employee', { id: 1, changes: [{ timestamp: '2026-01-10T12:00:00' }] })).toBe('2026-01-10T11:00:00.000Z');
  });

  it('without hooks (data folders, memory) the records\' own updatedAt decides, as before', () => {
    expect(newerSide({ updatedAt: '2026-01-02' }, { updatedAt: '2026-01-03' })).toBe('target');
    expect(newerSide({ updatedAt: '2026-01-03' }, { updatedAt: '2026-01-02' })).toBe('source');
    expect(newerSide({}, { changes: [{ timestamp: '2026-01-03T00:00:00' }] })).toBe('source');
    expect(newerSide({}, {}, { source: () => undefined, target: (r) => lastChange(r) })).toBe('source');
    expect(newerSide({}, { changes: [{ timestamp: '2026-01-03T00:00:00' }] }, { source: () => undefined, target: (r) => lastChange(r) })).toBe('target');
  });
});
