/** The error `diff` throws for paths it cannot compare, apart from the diff so the API can export it without loading it. */

/** A path that cannot be compared (missing, or a file against a folder): a usage problem, not a crash. */
export class DiffPathError extends Error {}
