/** `empty-flow`: a flow section whose property table has no rows, so it syncs nothing. */
import type { LintRule } from '../finding.js';
import { columnOf } from '../position.js';

export const emptyFlows: LintRule = {
  code: 'empty-flow',
  severity: 'warning',
  summary: 'a flow has no property rows, so it syncs nothing',
  check(catalog) {
    return catalog.flows
      .filter((f) => f.flow.properties.length === 0)
      .map((f) => {
        const twin = catalog.flowsBySpec
          .get(f.spec.pageId)!
          .find((other) => other !== f && other.flow.title === f.flow.title && other.flow.properties.length > 0);
        return {
          file: f.spec.file,
          spec: f.spec.pageId,
          entity: f.target.pageId,
          line: f.flow.line,
          column: columnOf(f.spec, f.flow.line),
          message:
            `flow "${f.flow.title}" has no property rows, so it syncs nothing` +
            (twin ? ` (the section of the same title at line ${twin.flow.line} has ${twin.flow.properties.length})` : ''),
        };
      });
  },
};
