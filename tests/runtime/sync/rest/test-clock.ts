/** A client clock that is the emulator's: waits are recorded and move emulator time, with no real sleeping. */
import type { Clock } from '../../../../runtime/sync/rest/clock.js';
import type { EmulatorClock } from '../../../emulators/server.js';

export interface TestClock extends Clock {
  readonly waits: number[];
}

export function testClock(clock: EmulatorClock): TestClock {
  const waits: number[] = [];
  return {
    waits,
    now: () => clock.now(),
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}
