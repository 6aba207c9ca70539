import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SiteFolderError, SITE_MARKER, writeSite } from '../../generator/docs/write-site.js';
import { CORPUS, hasCorpus } from '../generator/corpus.js';
import { brokenLinks, siteFiles } from './build.js';

const HOSTILE = `==========================================
Evil<script>window.pwned=1</script> to B&amp;"Q" Dataflow
==========================================

Evil<script>window.pwned=1</script> Thing to B&amp;"Q" Other
-------------------------------------------------------------
Every Evil<script>window.pwned=1</script> Thing will be synchronized with a B&amp;"Q" Other.

.. list-table::
   :header-rows: 1

   * - Evil Thing Property
     - Other Property
     - Data Type
   * - <img src=x onerror=alert(1)>
     - "><svg onload=alert(2)>
     - "string"
`;

describe('docs site', () => {
  it('has a page per spec, per spec source and per entity, the findings, and the assets', async () => {
    const files = await siteFiles('specs');
    const paths = [...files.keys()].sort();
    expect(paths).toContain('index.html');
    expect(paths).toContain('findings.html');
    expect(paths).toContain('specs/hubspot-tripletex.html');
    expect(paths).toContain('source/hubspot-tripletex.html');
    expect(paths).toContain('entities/tripletex-customer.html');
    expect(paths).toContain('assets/search-index.js');
    const spec = files.get('specs/hubspot-tripletex.html')!;
    // Rules in plain words, the property table with types, provenance to the spec line.
    expect(spec).toContain('id="flow-hubspot-contact-to-tripletex-customer"');
    expect(spec).toMatch(/is linked to an existing Tripletex Customer when one of the merge criteria below matches/);
    expect(spec).toMatch(/<code>&quot;string&quot;<\/code>/);
    expect(spec).toMatch(/href="\.\.\/source\/hubspot-tripletex\.html#L\d+">hubspot-tripletex\.rst:\d+</);
    // The catalog page lists the field with its type and the flow writing it.
    const customer = files.get('entities/tripletex-customer.html')!;
    expect(customer).toMatch(/<code>email<\/code>/);
    expect(customer).toContain('HubSpot Contact to Tripletex Customer');
  });

  it('every link reaches a page and an element on it', async () => {
    expect(brokenLinks(await siteFiles('specs'))).toEqual([]);
  });

  it.skipIf(!hasCorpus)('every link of the site of the 300 latest corpus documents reaches its page and element', async () => {
    expect(brokenLinks(await siteFiles(join(CORPUS, 'latest')))).toEqual([]);
  }, 180_000);

  it('is the same bytes for the same specs', async () => {
    const a = await siteFiles('specs');
    const b = await siteFiles('specs');
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [path, text] of a) expect(b.get(path), path).toBe(text);
  });

  it('escapes spec text everywhere: no tag or attribute of a spec reaches the HTML', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-docs-hostile-'));
    writeFileSync(join(dir, 'evil-b.rst'), HOSTILE);
    const files = await siteFiles(dir);
    for (const [path, text] of files) {
      if (!path.endsWith('.html')) continue;
      expect(text, path).not.toMatch(/<script>window\.pwned|<img src=x|<svg onload/);
    }
    expect(files.get('specs/evil-b.html')).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(files.get('assets/search-index.js')).not.toMatch(/<\/?script/i);
  });

  it('writes atomically: a failed write keeps the previous site, and a folder it did not write is never replaced', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'dataflow-docs-write-'));
    const out = join(parent, 'site');
    await writeSite(out, new Map([['index.html', 'first']]));
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('first');
    expect(existsSync(join(out, SITE_MARKER))).toBe(true);
    // 'a' cannot be both a file and the folder of 'a/b.html': the write fails half-way.
    await expect(writeSite(out, new Map([['index.html', 'second'], ['a/b.html', 'x'], ['a', 'y']]))).rejects.toThrow();
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('first');
    expect(readdirSync(parent)).toEqual(['site']);
    await writeSite(out, new Map([['index.html', 'third']]));
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('third');
    const foreign = join(parent, 'mine');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'keep me');
    await expect(writeSite(foreign, new Map([['index.html', 'x']]))).rejects.toThrow(SiteFolderError);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

describe.skipIf(!hasCorpus)('docs site of a history document with DTL types', () => {
  it('shows the DTL expression the parser restored beside the cell as written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dataflow-docs-dtl-'));
    writeFileSync(join(dir, 'freshteam-tripletex.rst'), readFileSync(join(CORPUS, 'history', 'freshteam-tripletex@2023-11-09@cb4e2bdedc02.rst')));
    const page = (await siteFiles(dir)).get('specs/freshteam-tripletex.html')!;
    expect(page).toContain('DTL <code>[&quot;if&quot;,[&quot;neq&quot;,&quot;_.&quot;,&quot;X&quot;],[&quot;integer&quot;,&quot;_.&quot;],[&quot;string&quot;,&quot;_.&quot;]]</code>');
  });
});
