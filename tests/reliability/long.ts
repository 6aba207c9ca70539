/** Sizes of the reliability tests: short in `npm test`, long under `npm run test:long` (DATAFLOW_LONG=1). */
export const LONG = process.env.DATAFLOW_LONG === '1';

export function size(short: number, long: number): number {
  return LONG ? long : short;
}
