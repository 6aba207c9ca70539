import { describe, expect, it } from 'vitest';
import type { DiffReport } from '../../../generator/diff/change.js';
import { diffDocument } from '../../../generator/diff/diff-document.js';
import { formatDiffJson } from '../../../generator/diff/format-json.js';
import { formatDiffText } from '../../../generator/diff/format-text.js';
import { doc, flow } from './build.js';

const S: [string, string] = ['Invoiced', 'CRMOffice'];

function report(): DiffReport {
  const d = diffDocument(
    'invoiced-crmoffice.rst',
    doc('old/invoiced-crmoffice.rst', S, [flow(S, ['Contacts', 'Contacts'], { rows: [['phone', 'mobilePhone', '"string"']] }, 12)]),
    doc('new/invoiced-crmoffice.rst', S, [flow(S, ['Contacts', 'Contacts'], { requiresLink: true, rows: [['email', 'email', '"string"']] }, 14)]),
  );
  return { old: 'old', new: 'new', compared: 3, documents: [d], skipped: [], breaking: 2, compatible: 1 };
}

describe('formatDiffText', () => {
  it('groups by document and flow, with lines, and explains breaking changes', () => {
    expect(formatDiffText(report())).toBe(
      [
        'invoiced-crmoffice.rst  old/invoiced-crmoffice.rst -> new/invoiced-crmoffice.rst',
        '  Invoiced Contacts to CRMOffice Contacts (old line 12, new line 14)',
        '    breaking    a link is now required before anything syncs',
        '                why: only linked entities sync now; unlinked ones are no longer created or merged',
        '    breaking    property removed: phone -> mobilePhone ("string")  [old :22]',
        '                why: the property stops syncing and disappears from the generated types',
        '    compatible  property added: email -> email ("string")  [new :24]',
        '',
        '2 breaking, 1 compatible changes in 1 of 3 documents.',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing changed', () => {
    expect(formatDiffText({ old: 'a', new: 'b', compared: 1, documents: [], skipped: [], breaking: 0, compatible: 0 })).toBe('No changes in 1 document.\n');
  });
});

describe('formatDiffJson', () => {
  it('prints the versioned schema', () => {
    const json = JSON.parse(formatDiffJson(report()));
    expect(Object.keys(json)).toEqual(['version', 'old', 'new', 'breaking', 'summary', 'documents', 'skipped']);
    expect(json.version).toBe(1);
    expect(json.breaking).toBe(true);
    expect(json.summary).toEqual({ breaking: 2, compatible: 1, accepted: 0, documents: 1, compared: 3 });
    expect(json.documents[0].changes[1]).toEqual({
      kind: 'property-removed',
      rule: 'property-removed',
      severity: 'breaking',
      reason: 'the property stops syncing and disappears from the generated types',
      message: 'property removed: phone -> mobilePhone ("string")',
      flow: {
        old: { title: 'Invoiced Contacts to CRMOffice Contacts', line: 12, index: 0 },
        new: { title: 'Invoiced Contacts to CRMOffice Contacts', line: 14, index: 0 },
      },
      oldLine: 22,
      newLine: null,
      before: { source: 'phone', target: 'mobilePhone', type: '"string"' },
      after: null,
      row: 'phone -> mobilePhone',
    });
  });
});
