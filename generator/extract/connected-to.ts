/**
 * The entity types of a "... if it is connected to a <A>, <B>, or <C> that is
 * synchronized into <System>." list, each as a side: the sentence writes the
 * system once, before the first name ("HubSpot Deal, Quote, or Lineitem"), and
 * it applies to every item.
 */
import type { Side } from '../ir.js';
import type { Place } from '../read/outline.js';
import { quote } from '../read/report.js';
import type { ExtractContext } from './context.js';
import { splitLabel } from './label.js';

/**
 * `items` are the list's names as written; `sourceLabel` is the sentence's
 * "created from a <S>" label. The system is found on the first item the way a
 * section title's label is read (the document's source system, then its
 * target system); failing both, the words the first item shares with the
 * source label are taken as the system as written, and reported.
 */
export function connectedSides(items: readonly string[], sourceLabel: string, ctx: ExtractContext, at: Place): Side[] {
  const first = items[0];
  if (first === undefined) {
    ctx.report('warning', 'connected-empty', 'the connected-to list names no entity: no source record can create a target', at);
    return [];
  }
  const found = systemPrefix(first, ctx.sourceSystem, ctx.sourceHint);
  const target = found === null ? systemPrefix(first, ctx.targetSystem, ctx.targetHint) : null;
  let prefix = found ?? target;
  const system = found === null && target !== null ? ctx.targetSystem : ctx.sourceSystem;
  if (prefix === null) {
    prefix = sharedLeadingWords(first, sourceLabel);
    ctx.report(
      'warning',
      'label-system',
      `the connected-to list ${quote(items.join(', '))} does not start with the system ${quote(ctx.sourceSystem)} named in the title; ` +
        (prefix === '' ? 'its names are taken as entities as written' : `${quote(prefix)} (as in ${quote(sourceLabel)}) is taken as the system`),
      at,
    );
  }
  return items.map((item) => side(item, prefix, system));
}

/** The item as a side: the system as written leads its label, whether the item repeats it or not. */
function side(item: string, prefix: string, system: string): Side {
  if (prefix === '') return { label: item, system, entity: item };
  const rest = item.startsWith(`${prefix} `) ? item.slice(prefix.length + 1).trim() : '';
  if (rest !== '') return { label: item, system, entity: rest };
  return { label: `${prefix} ${item}`, system, entity: item };
}

/** The system as written at the start of `label` ("Powerofficego" for "PowerOffice GO"), or null. */
function systemPrefix(label: string, system: string, hint: string): string | null {
  if (system === '' && hint === '') return null;
  const { side, match } = splitLabel(label, system, hint);
  if (match === 'none' || side.entity === side.label) return null;
  return side.label.slice(0, side.label.length - side.entity.length).trim();
}

/** Leading words `a` shares with `b`, leaving `a` at least one word of its own. */
function sharedLeadingWords(a: string, b: string): string {
  const aw = a.split(/\s+/);
  const bw = b.split(/\s+/);
  let n = 0;
  while (n < aw.length - 1 && n < bw.length && aw[n] === bw[n]) n++;
  return aw.slice(0, n).join(' ');
}
