/** The error for a template override that cannot be used: it names the file and the place, and nothing is written. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    /** Absolute path of the template file to blame. */
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
    /** `template-syntax`, `template-render`, `template-output`, `templates-folder`. */
    readonly code: string,
  ) {
    super(message);
  }
}
