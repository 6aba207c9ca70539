/**
 * `system-spelling` and `system-empty`: a system written several ways across
 * specs (`SuperOffice`, `Superoffice`), which splits its entities in two, or
 * left empty in a document title.
 */
import { compare } from '../../catalog/catalog.js';
import type { LintRule } from '../finding.js';
import { columnOf, listPlaces, titleLine } from '../position.js';

export const systemSpelling: LintRule = {
  code: 'system-spelling',
  severity: 'warning',
  summary: 'a system name is spelled several ways across specs',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
    for (const system of catalog.systems.values()) {
      if (system.key === '' || system.spellings.size < 2) continue;
      const others = (name: string) =>
        [...system.spellings.entries()].filter(([n]) => n !== name).sort((a, b) => b[1].length - a[1].length || compare(a[0], b[0]));
      for (const [name, specs] of system.spellings) {
        if (name === system.name) continue;
        const described = others(name)
          .map(([n, list]) => `"${n}" in ${list.length === 1 ? '1 other spec' : `${list.length} other specs`} (${listPlaces(list.map((s) => s.relativePath), 2)})`)
          .join('; ');
        for (const spec of specs) {
          const line = titleLine(spec);
          findings.push({
            file: spec.file,
            spec: spec.pageId,
            line,
            column: columnOf(spec, line, name),
            message: `system "${name}" is spelled ${described}`,
          });
        }
      }
    }
    return findings;
  },
};

export const systemEmpty: LintRule = {
  code: 'system-empty',
  severity: 'warning',
  summary: 'a document title leaves a system name empty',
  check(catalog) {
    const findings: ReturnType<LintRule['check']> = [];
    for (const spec of catalog.specs) {
      const { document } = spec;
      if (!document.title) continue;
      for (const [side, name] of [['source', document.sourceSystem], ['target', document.targetSystem]] as const) {
        if (name.trim() !== '') continue;
        const line = titleLine(spec);
        findings.push({
          file: spec.file,
          spec: spec.pageId,
          line,
          column: columnOf(spec, line),
          message: `the title ${JSON.stringify(document.title)} names no ${side} system; its entities are catalogued under "(no system)"`,
        });
      }
    }
    return findings;
  },
};
