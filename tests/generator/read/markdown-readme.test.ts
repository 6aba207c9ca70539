/** Keeps the README's complete Markdown spec example in step with the parser: it must parse cleanly. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../../generator/parse.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('\n## Markdown specs\n'));
const start = section.indexOf('```markdown\n') + '```markdown\n'.length;
const example = section.slice(start, section.indexOf('\n```\n', start) + 1);

describe('README: Markdown specs example', () => {
  it('parses with no diagnostics into three flows with merge criteria, conditions, a trigger and a creation rule', () => {
    const document = parseSpecText('zendesk-superoffice.md', example);
    expect(document.diagnostics).toEqual([]);
    expect(document.flows.map((f) => f.title)).toEqual([
      'Zendesk Organizations to SuperOffice Contact',
      'Zendesk Users to SuperOffice Person',
      'Zendesk Tickets to SuperOffice Ticket',
    ]);
    const [organizations, users, tickets] = document.flows;
    expect(organizations?.mergeCriteria).toHaveLength(2);
    expect(organizations?.properties.at(-1)?.type).toEqual({ raw: '"datetime-format","%Y-%m-%d","_."]', kind: 'datetime', format: '%Y-%m-%d', expression: ['datetime-format', '%Y-%m-%d', '_.'] });
    expect(users?.trigger).toBe('When a Zendesk User is of type End-user');
    expect(users?.properties[1]?.target.conditions).toEqual([{ value: 'wd:Q17517', field: ['Phones', 'Type'] }]);
    expect(tickets?.requiresLink).toBe(true);
    expect(tickets?.createWhenConnectedTo).toEqual(['Zendesk Organizations', 'Zendesk Users']);
  });
});
