/** "Generated: 2024-09-13 00:00:01": when the publisher wrote the document (kept as written). */
const GENERATED = /^Generated:\s*(.*?)\s*$/;

export function matchGenerated(text: string): { kind: 'generated'; at: string } | null {
  const m = GENERATED.exec(text);
  return m ? { kind: 'generated', at: m[1]! } : null;
}
