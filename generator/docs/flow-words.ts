/** A flow's link and creation rules in plain words, as a reviewer reads them. */
import type { Flow } from '../ir.js';
import { createLinkRules } from '../model/link-rules.js';

/** The user's predicate that decides creation: its export name and the file it is in (`predicates/<spec>.ts`). */
export interface PredicatePlace {
  name: string;
  file: string;
}

export function flowRulesInWords(flow: Flow, predicate?: PredicatePlace): string[] {
  const rules = createLinkRules(flow);
  const s = flow.source.label || 'source record';
  const t = flow.target.label || 'target record';
  const words: string[] = [];
  if (rules.trigger !== null) words.push(`Only a ${s} that meets this condition is synchronized: “${rules.trigger}”.`);
  switch (rules.creation) {
    case 'always':
      words.push(`Every ${s} gets a ${t}: one is created when no link exists yet.`);
      break;
    case 'when-no-match':
      words.push(`A ${s} is linked to an existing ${t} when one of the merge criteria below matches; when none matches, a new ${t} is created.`);
      break;
    case 'never':
      words.push(`Nothing is created: a ${s} is synchronized only once a link to a ${t} has been established.`);
      if (flow.mergeCriteria.length > 0) words.push(`Links are made by the merge criteria below.`);
      else words.push(`The flow has no merge criteria, so links must come from elsewhere.`);
      break;
    case 'when-connected':
      words.push(
        `A new ${t} is created from a ${s} only if it is connected to ${orList(rules.createWhenConnectedTo ?? [])} that is synchronized into ${flow.target.system || 'the target system'} (${decides(predicate)}).`,
      );
      break;
    case 'when-triggered':
      words.push(`Whether a ${t} is created is decided by a predicate written for the condition above (${decides(predicate)}).`);
      break;
  }
  if (rules.creation !== 'when-no-match' && rules.creation !== 'never' && flow.mergeCriteria.length > 0) {
    words.push(`Before creating, a ${s} is linked to an existing ${t} when one of the merge criteria below matches.`);
  }
  words.push(`Once linked, the properties below are kept in sync both ways, wherever they are edited (the newer edit wins).`);
  if (flow.properties.length === 0) words.push(`The property table has no rows: this flow synchronizes nothing yet.`);
  return words;
}

function orList(items: readonly string[]): string {
  const named = items.map((i) => `a ${i}`);
  if (named.length <= 1) return named[0] ?? 'another record';
  return `${named.slice(0, -1).join(', ')} or ${named[named.length - 1]}`;
}

/** Where the deciding predicate is: the user's predicates folder holds one file per spec. */
function decides(predicate: PredicatePlace | undefined): string {
  return predicate ? `${predicate.name} in ${predicate.file} decides` : "a predicate in the spec's file of the predicates folder decides";
}
