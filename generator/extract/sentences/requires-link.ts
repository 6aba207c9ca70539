/** "Before any synchronization can take place, a link between a <S> and a <T> must be established.": no creation. */
const REQUIRES_LINK = /^Before any synchronization can take place, a link between a (.+?) and a (.+?) must be established\.$/;

export function matchRequiresLink(text: string): { kind: 'requires-link'; source: string; target: string } | null {
  const m = REQUIRES_LINK.exec(text);
  return m ? { kind: 'requires-link', source: m[1]!, target: m[2]! } : null;
}
