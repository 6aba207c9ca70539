/** The error for two specs that would generate into one folder, apart from the generator so the API can export it without loading it. */

/** Two specs that would generate into one folder (`x.rst` and `x.md`): a problem with the specs, not a crash. */
export class SpecConflictError extends Error {}
