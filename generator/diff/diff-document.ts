/** Compares two versions of one dataflow document (either may be missing) into its list of changes. */
import type { Document } from '../ir.js';
import { plural } from '../../runtime/plural.js';
import type { Change, DocumentDiff } from './change.js';
import { createChange, diffFlow, flowRef } from './diff-flow.js';
import { sideSystems } from './entity-name.js';
import { matchFlows } from './match-flows.js';

/** `renamedFrom`: the old name of a document found under another name (both versions given), reported as a rename first. */
export function diffDocument(name: string, before: Document | null, after: Document | null, renamedFrom?: string): DocumentDiff {
  const result: DocumentDiff = { name, oldFile: before?.file ?? null, newFile: after?.file ?? null, ...(renamedFrom !== undefined ? { renamedFrom } : {}), changes: [] };
  const changes = result.changes;
  if (!before && !after) return result;
  if (before && after && renamedFrom !== undefined && renamedFrom !== name) {
    changes.push(
      createChange(null, {
        kind: 'document-renamed',
        rule: 'document-renamed',
        message: `renamed from ${renamedFrom} to ${name}`,
        oldLine: 1,
        newLine: 1,
        before: renamedFrom,
        after: name,
      }),
    );
  }
  if (!before || !after) {
    const doc = (before ?? after)!;
    const flows = plural(doc.flows.length, 'flow');
    changes.push(
      createChange(null, {
        kind: before ? 'document-removed' : 'document-added',
        rule: before ? 'document-removed' : 'document-added',
        message: `document ${before ? 'removed' : 'added'}: "${doc.title}" (${flows})`,
        oldLine: before ? 1 : null,
        newLine: after ? 1 : null,
        before: before ? before.title : null,
        after: after ? after.title : null,
      }),
    );
    return result;
  }

  for (const side of ['source', 'target'] as const) {
    const key = side === 'source' ? 'sourceSystem' : 'targetSystem';
    if (before[key] === after[key]) continue;
    changes.push(
      createChange(null, {
        kind: 'system-renamed',
        rule: 'system-renamed',
        message: `${side} system renamed: "${before[key]}" -> "${after[key]}"`,
        oldLine: 1,
        newLine: 1,
        before: before[key],
        after: after[key],
      }),
    );
  }

  const systems = sideSystems(before, after);
  const context = { systems, systemRenamed: before.sourceSystem !== after.sourceSystem || before.targetSystem !== after.targetSystem };
  const match = matchFlows(before.flows, after.flows, systems);
  // Flow groups in new-document order; a removed flow goes right after the matched flow that preceded it in the old document.
  const groups: { order: number; changes: Change[] }[] = [];
  const newIndexOfOld = new Map(match.pairs.map(([i, j]) => [i, j]));
  for (const [i, j] of match.pairs) {
    groups.push({ order: j, changes: diffFlow(before.flows[i]!, i, after.flows[j]!, j, context) });
  }
  for (const j of match.added) {
    const flow = after.flows[j]!;
    groups.push({
      order: j,
      changes: [
        createChange(
          { old: null, new: flowRef(flow, j) },
          {
            kind: 'flow-added',
            rule: 'flow-added',
            message: `flow added (${plural(flow.properties.length, 'property', 'properties')})`,
            oldLine: null,
            newLine: flow.line,
            before: null,
            after: flow.title,
          },
        ),
      ],
    });
  }
  for (const i of match.removed) {
    const flow = before.flows[i]!;
    let previous = -1;
    for (let k = i - 1; k >= 0; k--) {
      const j = newIndexOfOld.get(k);
      if (j !== undefined) {
        previous = j;
        break;
      }
    }
    groups.push({
      order: previous + 0.5 + i / (before.flows.length + 1) / 2,
      changes: [
        createChange(
          { old: flowRef(flow, i), new: null },
          {
            kind: 'flow-removed',
            rule: 'flow-removed',
            message: `flow removed (${plural(flow.properties.length, 'property', 'properties')})`,
            oldLine: flow.line,
            newLine: null,
            before: flow.title,
            after: null,
          },
        ),
      ],
    });
  }
  groups.sort((a, b) => a.order - b.order);
  for (const g of groups) for (const change of g.changes) changes.push(change);
  return result;
}
