import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../../../generator/catalog/catalog.js';
import { loadSpecs } from '../../../generator/catalog/load-specs.js';
import { lintCatalog, type Finding } from '../../../generator/lint/lint.js';
import { CORPUS, hasCorpus, SKIP_REASON } from '../corpus.js';

const FIXTURES = 'tests/fixtures/lint';

function line(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]`;
}

async function lint(paths: string[], root?: string, rules?: Record<string, 'off' | 'warning' | 'error'>) {
  return lintCatalog(createCatalog(await loadSpecs(paths, root)), rules ? { rules } : {});
}

describe('lint rules on hand-made specs', () => {
  it('finds each kind of problem at its row', async () => {
    const findings = (await lint([FIXTURES], FIXTURES)).map(line);
    // "Alpha" and "alpha" are one spec each: the first spelling in code-unit order is taken as meant.
    expect(findings).toEqual([
      `${FIXTURES}/a-b.rst:15:4: error: Beta Contact field "years" is typed "integer" here, but "string" by 1 row (c-b.rst:15) [field-type-conflict]`,
      `${FIXTURES}/a-b.rst:18:4: warning: Alpha Person "mail" is mapped to Beta Contact "email" here, but the reverse spec maps "email" back to "e_mail" (b-a.rst:15) [reverse-mismatch]`,
      `${FIXTURES}/a-b.rst:32:4: warning: Beta Contact field "email" is written from Alpha Person "work_mail" here, but from "mail" by flow "Alpha Person to Beta Contact" (a-b.rst:18) [field-source-conflict]`,
      `${FIXTURES}/a-b.rst:32:4: warning: Alpha Person "work_mail" is mapped to Beta Contact "email" here, but the reverse spec maps "email" back to "e_mail" (b-a.rst:15) [reverse-mismatch]`,
      `${FIXTURES}/a-b.rst:36:1: warning: flow "Alpha Team to Beta Group" has no property rows, so it syncs nothing [empty-flow]`,
      `${FIXTURES}/b-a.rst:2:9: warning: system "alpha" is spelled "Alpha" in 1 other spec (a-b.rst) [system-spelling]`,
      `${FIXTURES}/c-b.rst:15:4: error: Beta Contact field "years" is typed "string" here, but "integer" by 1 row (a-b.rst:15) [field-type-conflict]`,
    ]);
  });

  it('the config switches rules off or changes their severity', async () => {
    const findings = await lint([FIXTURES], FIXTURES, { 'field-type-conflict': 'warning', 'system-spelling': 'off', 'reverse-mismatch': 'error' });
    expect(findings.some((f) => f.code === 'system-spelling')).toBe(false);
    expect(new Set(findings.filter((f) => f.code === 'field-type-conflict').map((f) => f.severity))).toEqual(new Set(['warning']));
    expect(new Set(findings.filter((f) => f.code === 'reverse-mismatch').map((f) => f.severity))).toEqual(new Set(['error']));
  });
});


describe.skipIf(!hasCorpus)('merge criteria a spec and its reverse disagree on, at the criterion row', () => {
  it('history/youtrack-tripletex links Users.profile.email = Contact.email; tripletex-youtrack links Contact.email to profile.email.email', async () => {
    // Checked by hand: youtrack-tripletex@2023-11-16 line 25 is "* - profile.email" (its Contact merge table, line 24 the
    // empty-cell row), tripletex-youtrack@2024-03-26 line 23 is "* - email" / "- profile.email.email".
    const history = join(CORPUS, 'history');
    const files = ['youtrack-tripletex@2023-11-16@b2bf475ce2e1.rst', 'tripletex-youtrack@2024-03-26@cb81779a0743.rst'].map((f) => join(history, f));
    const merge = (await lint(files, history)).filter((f) => f.code === 'reverse-mismatch' && f.message.includes('merge criteria')).map(line);
    expect(merge).toEqual([
      `${files[0]}:25:4: warning: YouTrack Users "profile.email" = Tripletex Contact "email" links records here, but the reverse spec's merge criteria link "email" to "profile.email.email" (tripletex-youtrack@2024-03-26@cb81779a0743.rst:23) [reverse-mismatch]`,
      // The same for Employee: line 59 "* - profile.email", and the reverse's Employee table at line 81 "* - email" / "- profile.email.email".
      `${files[0]}:59:4: warning: YouTrack Users "profile.email" = Tripletex Employee "email" links records here, but the reverse spec's merge criteria link "email" to "profile.email.email" (tripletex-youtrack@2024-03-26@cb81779a0743.rst:81) [reverse-mismatch]`,
    ]);
  });
});

// Each finding below was checked by hand against the documents (see the comments).
describe.skipIf(!hasCorpus)('lint on the corpus (latest/), findings checked by hand', () => {
  const latest = join(CORPUS, 'latest');
  let findings: string[] = [];
  it('runs over all 300 documents', async () => {
    findings = (await lint([latest], latest)).map(line);
    expect(findings.length).toBeGreaterThan(600);
  }, 120_000);

  it.each([
    // shopify-chargebee.rst:130 maps default_address.country_name -> country; chargebee-shopify.rst:32 maps country -> default_address.country.
    `${latest}/shopify-chargebee.rst:130:4: warning: Shopify Customer "default_address.country_name" is mapped to Chargebee Address "country" here, but the reverse spec maps "country" back to "default_address.country" (chargebee-shopify.rst:32) [reverse-mismatch]`,
    // superoffice-tidsbanken.rst:93 reads OrgNr with one condition; tidsbanken-superoffice.rst:134 writes it back with two glued conditions.
    `${latest}/superoffice-tidsbanken.rst:93:4: warning: SuperOffice Contact "OrgNr (Dependant on having NO in Country.TwoLetterISOCountry)" is mapped to Tidsbanken Kunde "Organisasjonsnummer" here, but the reverse spec maps "Organisasjonsnummer" back to "OrgNr (Dependant on having NO in Country.TwoLetterISOCountry) (Dependant on having wd:Q11994066 in Country.TwoLetterISOCountry)" (tidsbanken-superoffice.rst:134) [reverse-mismatch]`,
    // The title on line 2 reads "ZohoCRM to Youtrack Dataflow"; ten other documents write "YouTrack".
    `${latest}/zohocrm-youtrack.rst:2:12: warning: system "Youtrack" is spelled "YouTrack" in 10 other specs (youtrack-businesscentral.rst, youtrack-chargebee.rst and 8 more) [system-spelling]`,
    // Line 2: "Wave to  Dataflow".
    `${latest}/wave-squarespace.rst:2:1: warning: the title "Wave to  Dataflow" names no target system; its entities are catalogued under "(no system)" [system-empty]`,
    // Line 12 opens a section whose table has only its header row.
    `${latest}/asana-businesscentral.rst:12:1: warning: flow "Asana Teams to Business Central Companies" has no property rows, so it syncs nothing [empty-flow]`,
  ])('reports %s', (expected) => {
    expect(findings).toContain(expected);
  });

  it('a type conflict between documents of the history (businesscentral-hubspot@2024-09-11 types HubSpot Lineitem properties.quantity "integer", tripletex-hubspot@2023-05-23 "string")', async () => {
    const history = join(CORPUS, 'history');
    const files = ['businesscentral-hubspot@2024-09-11@1e7d4d0c6ca1.rst', 'tripletex-hubspot@2023-05-23@50ec2d96ccc0.rst'].map((f) => join(history, f));
    const found = (await lint(files, history)).filter((f) => f.code === 'field-type-conflict' && f.field === 'properties.quantity').map(line);
    expect(found).toContain(
      `${history}/businesscentral-hubspot@2024-09-11@1e7d4d0c6ca1.rst:254:4: error: HubSpot Lineitem field "properties.quantity" is typed "integer" here, but "string" by 1 row (tripletex-hubspot@2023-05-23@50ec2d96ccc0.rst:254) [field-type-conflict]`,
    );
  });
});

if (!hasCorpus) console.warn(SKIP_REASON);

describe('the programmatic API', () => {
  it('lint() and docs() do what the commands do', async () => {
    const { docs, lint: lintApi } = await import('../../../generator/index.js');
    const found = await lintApi([FIXTURES], { rules: { 'empty-flow': 'off' } });
    expect(found.map((f) => f.code).sort()).toEqual(['field-source-conflict', 'field-type-conflict', 'field-type-conflict', 'reverse-mismatch', 'reverse-mismatch', 'system-spelling']);
    const { mkdtempSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'dataflow-docs-api-')), 'site');
    const written = await docs({ specs: FIXTURES, out });
    expect(written.files).toBeGreaterThan(5);
    expect(existsSync(join(out, 'specs', 'a-b.html'))).toBe(true);
  });
});
