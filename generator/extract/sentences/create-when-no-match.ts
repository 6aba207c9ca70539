/** "If no matching <T> is found, a new <T> will be created.": create when nothing matches. */
const CREATE_WHEN_NO_MATCH = /^If no matching (.+?) is found, a new (.+?) will be created\.$/;

export function matchCreateWhenNoMatch(text: string): { kind: 'create-when-no-match'; target: string } | null {
  const m = CREATE_WHEN_NO_MATCH.exec(text);
  return m ? { kind: 'create-when-no-match', target: m[1]! } : null;
}
