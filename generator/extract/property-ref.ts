/**
 * Reads a property cell: a dot path, optionally followed by conditions
 * "(Dependant on having V in F)", where V or F may be empty and several
 * conditions may be glued together with no separator.
 */
import type { Condition, PropertyRef } from '../ir.js';

const CONDITIONED = /^(.*?)\s*\((\s*Dependant on having\b[\s\S]*)\)$/;
const MARKER = 'Dependant on having';

export interface ParsedPropertyRef {
  ref: PropertyRef;
  /** What did not read as intended; the ref is still usable. */
  problems: string[];
}

export function parsePropertyRef(cell: string): ParsedPropertyRef {
  const raw = cell.trim();
  const problems: string[] = [];
  const match = CONDITIONED.exec(raw);
  const pathText = match ? match[1]! : raw;
  const conditions: Condition[] = [];
  if (match) {
    for (const part of match[2]!.split(MARKER).slice(1)) {
      const condition = parseCondition(part);
      if (condition === null) {
        problems.push(`condition ${JSON.stringify(`${MARKER}${part}`)} has no " in <field>"`);
        conditions.push({ value: part.trim(), field: [] });
      } else {
        conditions.push(condition);
      }
    }
  } else if (raw.includes(MARKER)) {
    problems.push('a "Dependant on having" condition outside parentheses');
  }
  const path = parsePath(pathText);
  if (path.some((segment) => segment === '')) problems.push(`empty segment in property path ${JSON.stringify(pathText)}`);
  if (/[\s()]/.test(pathText)) problems.push(`property path ${JSON.stringify(pathText)} holds spaces or parentheses`);
  return { ref: { raw, path, conditions }, problems };
}

/** "V in F", "  in F" (no value), "V in " (no field). */
function parseCondition(part: string): Condition | null {
  const padded = ` ${part} `;
  const at = padded.lastIndexOf(' in ');
  if (at === -1) return null;
  return { value: padded.slice(0, at).trim(), field: parsePath(padded.slice(at + 4)) };
}

function parsePath(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split('.');
}
