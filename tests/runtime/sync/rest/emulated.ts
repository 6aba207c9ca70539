/**
 * Set-up of the tests that run the HubSpot and Tripletex adapters against the
 * emulators: start them, connect with the credentials the emulators accept,
 * and end each test failing on any answer that broke the API's schema.
 */
import { expect } from 'vitest';
import { hubspot, openStateStore, tripletex, type HubSpotOptions, type RestSystem, type StateStore, type TripletexOptions } from '../../../../runtime/sync/index.js';
import type { Clock } from '../../../../runtime/sync/rest/clock.js';
import { startHubSpot, type HubSpotEmulator } from '../../../emulators/hubspot-emulator.js';
import { EmulatorClock, type Emulator } from '../../../emulators/server.js';
import { startTripletex, type TripletexEmulator } from '../../../emulators/tripletex-emulator.js';

/** hubspot() against the emulator, without lookback so a change window is exactly what the test asks for. */
export function connectHubSpot(api: HubSpotEmulator, clock: Clock, options: HubSpotOptions = {}): RestSystem {
  return hubspot({ baseUrl: api.url, token: 'hubspot-test-token', clock, lookbackMs: 0, ...options });
}

/** tripletex() against the emulator, without lookback so a change window is exactly what the test asks for. */
export function connectTripletex(api: TripletexEmulator, clock: Clock, options: TripletexOptions = {}): RestSystem {
  return tripletex({ baseUrl: `${api.url}/v2`, consumerToken: 'consumer-test', employeeToken: 'employee-test', clock, lookbackMs: 0, ...options });
}

/** Fails the test if an emulator answered against its API's schema, then closes it (for afterEach). */
export async function closeChecked(api: Emulator): Promise<void> {
  expect(api.violations).toEqual([]);
  await api.close();
}

/** Both emulators on one clock and an in-memory state store: what a sync between HubSpot and Tripletex needs. */
export interface EmulatedPair {
  clock: EmulatorClock;
  hs: HubSpotEmulator;
  tt: TripletexEmulator;
  store: StateStore;
}

export async function startPair(): Promise<EmulatedPair> {
  const clock = new EmulatorClock();
  const hs = await startHubSpot({ clock });
  const tt = await startTripletex({ clock });
  return { clock, hs, tt, store: openStateStore(':memory:') };
}

/** Fails the test if either emulator answered against its API's schema, then closes all (for afterEach). */
export async function stopPair({ hs, tt, store }: EmulatedPair): Promise<void> {
  expect(hs.violations).toEqual([]);
  expect(tt.violations).toEqual([]);
  store.close();
  await hs.close();
  await tt.close();
}
