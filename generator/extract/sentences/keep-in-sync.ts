/**
 * "Once a link between a <S> and a <T> is established, it will keep in sync
 * between the two systems, regardless of where it is edited.": two-way sync once linked.
 */
const KEEP_IN_SYNC =
  /^Once a link between a (.+?) and a (.+?) is established, it will keep in sync between the two systems, regardless of where it is edited\.$/;

export function matchKeepInSync(text: string): { kind: 'keep-in-sync'; source: string; target: string } | null {
  const m = KEEP_IN_SYNC.exec(text);
  return m ? { kind: 'keep-in-sync', source: m[1]!, target: m[2]! } : null;
}
