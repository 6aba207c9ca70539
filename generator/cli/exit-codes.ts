/** Exit codes shared by every command (contracts.md section 1). */
export const EXIT_OK = 0;
/** The specs or the generated tree have problems. */
export const EXIT_PROBLEMS = 1;
/** Usage error or internal failure. */
export const EXIT_USAGE = 2;

/** Thrown for a bad command line; main prints the message and exits 2. */
export class UsageError extends Error {}
