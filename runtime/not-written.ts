/**
 * The stub a generated predicate file starts with: a creation predicate the
 * user has not written yet. The sync engine recognises it and skips the record
 * with a reason instead of guessing.
 */
import type { AnyRecord, CreationPredicate } from './flow.js';

/**
 * A global symbol, not a module-local one: the generated module and the sync
 * command may load two copies of the runtime (source and compiled), and the
 * stub must be recognised by either.
 */
export const NOT_WRITTEN: unique symbol = Symbol.for('dataflow.runtime.notWritten') as never;

/** Never true; the engine does not even call it (it skips the record and says why). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const notWritten: CreationPredicate<any> = Object.assign((_record: AnyRecord) => false, { [NOT_WRITTEN]: true });

/** True for the `notWritten` stub, from whichever copy of the runtime it came. */
export function isNotWritten(predicate: unknown): boolean {
  return (
    predicate === notWritten ||
    (typeof predicate === 'function' && (predicate as unknown as Record<symbol, unknown>)[NOT_WRITTEN] === true)
  );
}
