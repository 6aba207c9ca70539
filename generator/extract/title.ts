/** Reads the systems out of a document title: "<Source> to <Target> Dataflow". */

export interface TitleSystems {
  source: string;
  target: string;
  /** 0-based offsets of each name in the title (where an empty name would be). */
  sourceAt: number;
  targetAt: number;
}

const TITLE = /^(.*?)(^| )to( |$)(.*?) ?Dataflow$/;

/** The two system names, or null when the title does not have the dataflow form. */
export function parseTitle(title: string): TitleSystems | null {
  const match = TITLE.exec(title);
  if (!match) return null;
  const [, source = '', before = '', after = '', target = ''] = match;
  const toAt = source.length + before.length;
  return {
    source: source.trim(),
    target: target.trim(),
    sourceAt: 0,
    targetAt: toAt + 2 + after.length,
  };
}
