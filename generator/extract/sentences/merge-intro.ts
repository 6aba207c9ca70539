/** "A <S> will merge with a <T> if one of the following property combinations match:": the merge table follows. */
const MERGE_INTRO = /^A (.+?) will merge with a (.+?) if one of the following property combinations match:$/;

export function matchMergeIntro(text: string): { kind: 'merge-intro'; source: string; target: string } | null {
  const m = MERGE_INTRO.exec(text);
  return m ? { kind: 'merge-intro', source: m[1]!, target: m[2]! } : null;
}
