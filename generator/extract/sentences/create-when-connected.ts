/**
 * "A new <T> will be created from a <S> if it is connected to a <A>, <B>, ..., or
 * <Z> that is synchronized into <System>.": creation only for connected entities.
 */
const CREATE_WHEN_CONNECTED = /^A new (.+?) will be created from a (.+?) if it is connected to a (.+?) that is synchronized into (.+?)\.?$/;

export interface CreateWhenConnected {
  kind: 'create-when-connected';
  target: string;
  source: string;
  /** The listed names as written: "HubSpot Deal", "Quote", ... */
  connectedTo: string[];
  system: string;
}

export function matchCreateWhenConnected(text: string): CreateWhenConnected | null {
  const m = CREATE_WHEN_CONNECTED.exec(text);
  if (!m) return null;
  return { kind: 'create-when-connected', target: m[1]!, source: m[2]!, connectedTo: splitList(m[3]!), system: m[4]! };
}

/**
 * "A, B, or C" / "A, B or C" / "A or B" / "A" to its items. A comma (with or
 * without a following "or"/"and") and a bare "or" separate items; a bare "and"
 * does not, since the list means "any of" and names may hold the word
 * ("Terms and conditions"): "A, B, and C" is three items, "A and B" one.
 */
export function splitList(text: string): string[] {
  return text
    .split(/\s*,\s*(?:(?:or|and)\s+)?|\s+or\s+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
