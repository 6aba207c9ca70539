/** "If a matching <T> already exists, the <S> will be merged with the existing one.": merge on the criteria. */
const MERGE_EXISTING = /^If a matching (.+?) already exists, the (.+?) will be merged with the existing one\.$/;

export function matchMergeExisting(text: string): { kind: 'merge-existing'; target: string; source: string } | null {
  const m = MERGE_EXISTING.exec(text);
  return m ? { kind: 'merge-existing', target: m[1]!, source: m[2]! } : null;
}
