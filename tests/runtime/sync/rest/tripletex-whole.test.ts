/**
 * Tripletex resources the API cannot filter by change time (all but
 * /customer and /supplier): read whole, but not again when the list's
 * versionDigest says nothing changed; a whole read drops deleted records
 * from the mirror, so their links are reported gone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubspotContactToTripletexEmployee as flow } from '../../../../generated/hubspot-tripletex/index.js';
import { runSync, tripletex, type StateStore } from '../../../../runtime/sync/index.js';
import type { HubSpotEmulator } from '../../../emulators/hubspot-emulator.js';
import { EmulatorClock } from '../../../emulators/server.js';
import type { TripletexEmulator } from '../../../emulators/tripletex-emulator.js';
import { drain } from './calls.js';
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

const connect = (options: Parameters<typeof tripletex>[0] = {}) => connectTripletex(tt, testClock(clock), { pageSize: 10, ...options });

const contacts = (n: number) => Array.from({ length: n }, (_, i) => ({ firstName: `K${i}`, lastName: 'N', email: `k${i}@example.no` }));

describe('tripletex(): resources read whole', () => {
  it('reads every page once, then only one record while the versionDigest stays the same', async () => {
    tt.seed('/contact', contacts(25));
    const system = connect();
    const paths = [['id'], ['email'], ['firstName']];
    const since = { at: clock.iso(), id: '' };
    const first = await drain(system.changes!('Contact', { since, until: clock.iso(), paths }));
    expect(first.flatMap((p) => p.records)).toHaveLength(25);
    expect(first.at(-1)).toMatchObject({ complete: true, cursor: { at: since.at, id: expect.stringMatching(/^versionDigest:[0-9a-f]+$/) } });
    expect(first.slice(0, -1).every((p) => p.complete === undefined)).toBe(true);
    const gets = tt.log.filter((e) => e.method === 'GET' && e.path === '/v2/contact');
    // The digest probe (one record, the same fields), then the pages (each from one record before).
    expect(gets.map((e) => `${e.query.from}/${e.query.count}`)).toEqual(['0/1', '0/10', '9/10', '18/10']);
    expect(gets.every((e) => e.query.fields === 'id,version,changes(timestamp),isInactive,email,firstName')).toBe(true);

    const before = tt.log.length;
    const quiet = await drain(system.changes!('Contact', { since: first.at(-1)!.cursor, until: clock.iso(), paths }));
    expect(quiet).toEqual([{ records: [], cursor: first.at(-1)!.cursor }]);
    expect(tt.log.slice(before).map((e) => `${e.status} ${e.query.count}`)).toEqual(['304 1']);

    clock.advance(60_000);
    tt.edit('/contact', tt.records('/contact')[3]!.id, { firstName: 'Endret' });
    const edited = await drain(system.changes!('Contact', { since: quiet.at(-1)!.cursor, until: clock.iso(), paths }));
    expect(edited.flatMap((p) => p.records).find((r) => r.firstName === 'Endret')).toBeDefined();
    expect(edited.at(-1)!.cursor.id).not.toBe(first.at(-1)!.cursor.id);
  });

  it('reads whole every time with versionDigest: false', async () => {
    tt.seed('/contact', contacts(3));
    const system = connect({ versionDigest: false });
    const since = { at: clock.iso(), id: '' };
    const first = await drain(system.changes!('Contact', { since, until: clock.iso() }));
    const again = await drain(system.changes!('Contact', { since: first.at(-1)!.cursor, until: clock.iso() }));
    expect(again.flatMap((p) => p.records)).toHaveLength(3);
    expect(tt.log.filter((e) => e.path === '/v2/contact').map((e) => e.query.count)).toEqual(['10', '10']);
  });

  it('through the engine: an unchanged employee list costs one request; a deleted employee leaves the mirror and its link is gone', async () => {
    const [contact] = hs.seed('contacts', [{ email: 'ola@example.no', firstname: 'Ola', lastname: 'H' }]);
    const [employee] = tt.seed('/employee', [{ firstName: 'Ola', lastName: 'H', email: 'ola@example.no' }]);
    const adapterClock = testClock(clock);
    const left = connectHubSpot(hs, adapterClock);
    const right = connect();
    const sync = () => runSync([flow], { left, right, store, now: () => new Date(clock.now()) });
    clock.advance(60_000);
    expect((await sync()).flows[0]).toMatchObject({ linked: 1 });
    clock.advance(60_000);
    await sync();
    clock.advance(60_000);
    const before = tt.log.length;
    const quiet = await sync();
    expect(quiet.flows[0]).toMatchObject({ unchanged: 1 });
    expect(quiet.feeds!.find((f) => f.entity === 'Employee')).toMatchObject({ mode: 'changes', fetched: 0, records: 1 });
    expect(tt.log.slice(before).filter((e) => e.path === '/v2/employee').map((e) => e.status)).toEqual([304]);

    tt.remove('/employee', employee!.id);
    clock.advance(60_000);
    const gone = await sync();
    expect(gone.feeds!.find((f) => f.entity === 'Employee')).toMatchObject({ records: 0 });
    expect(gone.flows[0]).toMatchObject({ created: 0, updated: 0, gone: { count: 1, records: [{ record: contact!.id, side: 'target', id: employee!.id, how: 'no longer listed' }] } });
  });
});
