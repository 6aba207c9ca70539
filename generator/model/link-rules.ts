/**
 * The link and creation rules of a flow, derived from its sentences. The IR
 * keeps only what distinguishes flows (requiresLink, trigger,
 * createWhenConnectedTo, merge criteria); the rest follows from them.
 */
import type { CreationRule } from '../../runtime/flow.js';
import type { Flow } from '../ir.js';

export interface LinkRulesData {
  creation: CreationRule;
  requiresLink: boolean;
  mergesExisting: boolean;
  keepsInSync: boolean;
  trigger: string | null;
  createWhenConnectedTo: string[] | null;
  connectedTo: { system: string; entity: string }[] | null;
}

/**
 * Creation, most specific sentence first: "connected to ..." and a free-text
 * trigger need the user's predicate; "a link ... must be established" never
 * creates; with merge criteria a target is created when none matches; a flow
 * with neither ("Every S will be synchronized with a T") always creates.
 */
export function createLinkRules(flow: Flow): LinkRulesData {
  const creation: CreationRule =
    flow.createWhenConnectedTo !== null
      ? 'when-connected'
      : flow.trigger !== null
        ? 'when-triggered'
        : flow.requiresLink
          ? 'never'
          : flow.mergeCriteria.length > 0
            ? 'when-no-match'
            : 'always';
  return {
    creation,
    requiresLink: flow.requiresLink,
    mergesExisting: flow.mergeCriteria.length > 0,
    // Every flow form in the corpus ends "it will keep in sync between the two systems".
    keepsInSync: true,
    trigger: flow.trigger,
    createWhenConnectedTo: flow.createWhenConnectedTo === null ? null : [...flow.createWhenConnectedTo],
    connectedTo: flow.connectedTo === null ? null : flow.connectedTo.map(({ system, entity }) => ({ system, entity })),
  };
}

/**
 * The line of the sentence that decides creation (the flow's title line when
 * the spec writes none): "connected to ...", the trigger, "a link ... must be
 * established", "If no matching ...", or "Every ...".
 */
export function creationRuleLine(flow: Flow): number {
  const lines = flow.sentenceLines;
  switch (createLinkRules(flow).creation) {
    case 'when-connected':
      return lines.createWhenConnectedTo ?? flow.line;
    case 'when-triggered':
      return lines.trigger ?? flow.line;
    case 'never':
      return lines.requiresLink ?? flow.line;
    case 'when-no-match':
      return lines.createWhenNoMatch ?? lines.mergeCriteria ?? flow.line;
    default:
      return lines.every ?? flow.line;
  }
}

export function needsPredicate(rules: LinkRulesData): boolean {
  return rules.creation === 'when-connected' || rules.creation === 'when-triggered';
}
