/** "Every <S> will be synchronized with a <T>.": every source entity syncs. */
const EVERY = /^Every (.+?) will be synchronized with a (.+?)\.$/;

export function matchEvery(text: string): { kind: 'every'; source: string; target: string } | null {
  const m = EVERY.exec(text);
  return m ? { kind: 'every', source: m[1]!, target: m[2]! } : null;
}
