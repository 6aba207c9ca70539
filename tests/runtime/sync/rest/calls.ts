/** What an adapter call ends with, for assertions: every page of a change feed, or the error it failed with. */
import type { ChangePage } from '../../../../runtime/sync/index.js';

/** All pages a changes() feed yields, in order. */
export async function drain(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** The fields of a RestError the tests look at. */
export interface Caught {
  name: string;
  message: string;
  requestId: string;
  fields: string[];
}

/** The error a call ends with (the test fails if it does not fail). */
export async function caught(run: () => unknown): Promise<Caught> {
  try {
    await run();
  } catch (error) {
    return error as Caught;
  }
  throw new Error('expected a failure');
}
