/**
 * The one table that decides whether a spec change is breaking or compatible.
 * The README's "Reviewing spec changes" section prints the same table; keep them in step.
 *
 * Breaking means: code or data that worked with the old spec can stop working,
 * or records that synced before stop syncing, or sync starts doing less than before.
 */

export type Severity = 'breaking' | 'compatible';

export const RULES = {
  'document-added': ['compatible', 'a new document only adds flows'],
  'document-removed': ['breaking', 'every flow of the document is gone, with its generated module'],
  'document-renamed': ['compatible', 'the same document under another file name: generate moves its predicates file and sync carries its state over; code importing its generated folder follows the new name'],
  'system-renamed': ['compatible', 'only names change; data files are named by entity, and mappings stay the same'],
  'flow-added': ['compatible', 'a new flow adds records and mappings, and removes none'],
  'flow-removed': ['breaking', 'the entities stop syncing and the generated flow disappears'],
  'flow-renamed-entity': ['breaking', "an entity's name changed: its data file (contracts section 4) and the generated names change"],
  'flow-renamed-spelling': ['compatible', 'the label changed but the entity slug and data file stay the same'],
  'property-added': ['compatible', 'one more property is mapped; existing mappings are untouched'],
  'property-removed': ['breaking', 'the property stops syncing and disappears from the generated types'],
  'type-widened': ['compatible', 'integer to float: every value that converted before converts to the same number'],
  'type-changed': ['breaking', 'values convert differently (or fail to convert) and the generated type changes'],
  'link-required': ['breaking', 'only linked entities sync now; unlinked ones are no longer created or merged'],
  'link-dropped': ['compatible', 'entities no longer need a link first: sync covers more than before'],
  'creation-narrowed': ['breaking', 'fewer source entities create target entities than before'],
  'creation-widened': ['compatible', 'more source entities may create target entities; none that did stop'],
  'creation-changed': ['breaking', 'the set of entities that allow creation changed in both directions'],
  'trigger-added': ['breaking', 'only entities meeting the condition sync now'],
  'trigger-removed': ['compatible', 'every entity syncs now, not only those meeting the condition'],
  'trigger-changed': ['breaking', 'the condition changed; entities that met the old one may not meet the new one'],
  'merge-criterion-added': ['compatible', 'one more way for records to match; matches found before are still found'],
  'merge-criterion-removed': ['breaking', 'records that matched by this criterion no longer merge and get duplicated instead'],
} as const satisfies Record<string, readonly [Severity, string]>;

export type RuleId = keyof typeof RULES;

export function classify(rule: RuleId): { rule: RuleId; severity: Severity; reason: string } {
  const [severity, reason] = RULES[rule];
  return { rule, severity, reason };
}
