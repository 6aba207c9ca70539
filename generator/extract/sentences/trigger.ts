/**
 * "<free text>, it  will be synchronized with a <T>.": only entities meeting the
 * condition sync. The double space before "will" is how the publisher writes
 * it; any run of spaces is accepted.
 */
const TRIGGER = /^(.+?),\s+it\s+will be synchronized with a (.+?)\.$/;

export function matchTrigger(text: string): { kind: 'trigger'; trigger: string; target: string } | null {
  const m = TRIGGER.exec(text);
  return m ? { kind: 'trigger', trigger: m[1]!.trim(), target: m[2]! } : null;
}
