/** Problems with the specs as a whole (exit 1, nothing written), apart from the generator so the API can export them without loading it. */

/** Two specs that would generate into one folder (`x.rst` and `x.md`): a problem with the specs, not a crash. */
export class SpecConflictError extends Error {}

/** A specs folder with no spec in it: said and exit 1, and nothing in the output folder is removed. */
export class NoSpecsError extends SpecConflictError {}
