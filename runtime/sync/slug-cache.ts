/** Entity slugs remembered per name: adapters look one up for every record they write. */
import { entitySlug } from '../slug.js';

export function createSlugCache(): (entity: string) => string {
  const slugs = new Map<string, string>();
  return (entity) => {
    let slug = slugs.get(entity);
    if (slug === undefined) {
      slug = entitySlug(entity);
      slugs.set(entity, slug);
    }
    return slug;
  };
}
