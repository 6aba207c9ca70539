import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../generator/ir.js';
import { parseSpecText } from '../../generator/parse.js';
import { CORPUS, SEED, SKIP_REASON, corpusFiles, hasCorpus } from './corpus.js';

if (!hasCorpus) console.warn(SKIP_REASON);

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** No connected-to item is empty or only a system name; each leads with the system as the first item writes it. */
function checkConnected(document: Document, file: string, into: { lists: number; items: number; bad: string[] }): void {
  const systems = new Set([document.sourceSystem, document.targetSystem].map(squash).filter((s) => s !== ''));
  for (const flow of document.flows) {
    if (flow.createWhenConnectedTo === null || flow.connectedTo === null) continue;
    into.lists++;
    if (flow.createWhenConnectedTo.join('\u0000') !== flow.connectedTo.map((s) => s.label).join('\u0000')) into.bad.push(`${file}: ${flow.title}: labels differ`);
    const first = flow.connectedTo[0];
    const written = first ? first.label.slice(0, first.label.length - first.entity.length) : '';
    for (const side of flow.connectedTo) {
      into.items++;
      const where = `${file}: ${flow.title}: ${JSON.stringify(side)}`;
      if (side.entity.trim() === '' || side.label.trim() === '') into.bad.push(`${where} is empty`);
      if (systems.has(squash(side.entity)) || squash(side.label) === squash(written)) into.bad.push(`${where} is only a system name`);
      if (side.system !== document.sourceSystem) into.bad.push(`${where} is not of the source system`);
      if (written.trim() === '' || side.label !== `${written}${side.entity}`) into.bad.push(`${where} lacks the system ${JSON.stringify(written)}`);
    }
  }
}

describe.skipIf(!hasCorpus)('the real corpus', () => {
  // One pass over the corpus for both (parsing 601 documents is the cost).
  it('parses all 600 documents and the seed with no error diagnostics; every connected-to item has its entity and system', () => {
    const files = corpusFiles();
    expect(files.length).toBe(601);
    const errors: string[] = [];
    const connected = { lists: 0, items: 0, bad: [] as string[] };
    for (const file of files) {
      const document = parseSpecText(file, readFileSync(file));
      for (const d of document.diagnostics) {
        if (d.severity === 'error') errors.push(`${file}:${d.line}:${d.column}: ${d.message} [${d.code}]`);
      }
      checkConnected(document, file, connected);
    }
    expect(errors).toEqual([]);
    expect(connected.bad).toEqual([]);
    // Counted with grep, not with this parser: the wrapped sentences joined, then
    // "if it is connected to a (.*?) that is synchronized into" and its ", "-separated items.
    expect({ lists: connected.lists, items: connected.items }).toEqual({ lists: 156, items: 386 });
  });

  // Counted from the text with grep/awk, not with this parser: flows are the
  // underlined section titles other than the introduction, property rows and
  // merge rows the `* -` rows after the table's header row.
  const counted: [string, { flows: number; properties: number; merge: number }][] = [
    [SEED, { flows: 3, properties: 1, merge: 0 }],
    [`${CORPUS}/latest/hubspot-tripletex.rst`, { flows: 8, properties: 43, merge: 3 }],
    [`${CORPUS}/latest/tidsbanken-superoffice.rst`, { flows: 3, properties: 42, merge: 2 }],
    [`${CORPUS}/history/powerofficego-youtrack@2024-03-26@bfc32086ea62.rst`, { flows: 5, properties: 7, merge: 2 }],
    [`${CORPUS}/history/asana-hubspot@2023-11-30@a1ef409c400c.rst`, { flows: 2, properties: 6, merge: 0 }],
    [`${CORPUS}/history/hubspot-superoffice@2023-05-12@dbe6f21e4f97.rst`, { flows: 16, properties: 38, merge: 2 }],
  ];
  it.each(counted)('%s has the hand-counted flows, property rows and merge rows', (file, want) => {
    const document = parseSpecText(file, readFileSync(file));
    const got = {
      flows: document.flows.length,
      properties: document.flows.reduce((n, f) => n + f.properties.length, 0),
      merge: document.flows.reduce((n, f) => n + f.mergeCriteria.length, 0),
    };
    expect(got).toEqual(want);
  });
});
