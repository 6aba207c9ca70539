/** Wall-clock timing of benchmark runs: one run, or the best of several (the one a shared machine disturbed least). */
import { performance } from 'node:perf_hooks';

/** Milliseconds one run takes. */
export function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The fastest of `runs` runs, in milliseconds. */
export function bestOf(runs: number, run: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, time(run));
  return min;
}

/** The fastest of `runs` runs of an async task, in milliseconds, each awaited before the next. */
export async function bestOfAsync(runs: number, run: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}
