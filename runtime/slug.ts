/** The entity slug of contracts.md section 4: names a system's data file for an entity. */

/** Lower case, every run of characters other than a-z and 0-9 replaced by one `-`, trimmed of `-`. */
export function entitySlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
