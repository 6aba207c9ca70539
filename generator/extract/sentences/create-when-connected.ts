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

/** "A, B, or C" / "A or B" / "A" to its items. */
export function splitList(text: string): string[] {
  return text
    .split(/\s*,\s*(?:or\s+)?|\s+or\s+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
