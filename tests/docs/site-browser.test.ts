import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../generator/corpus.js';
import { ARTIFACTS, hasChromium, keepScreenshot, launchBrowser, openPage, requireChromium, type Browser } from './browser.js';
import { writeSiteFor } from './build.js';

const runBrowser = hasChromium || requireChromium;
if (!runBrowser) console.warn('docs browser tests skipped: no /usr/bin/chromium (apt-get install -y chromium)');

interface SvgPath {
  getTotalLength(): number;
  getPointAtLength(length: number): { x: number; y: number };
  getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number } | null;
}

/** Distinct colours a picture of a drawn map has at least (a blank or single-colour box has 1 or 2). */
const NOT_BLANK = 12;

describe.skipIf(!runBrowser)('docs site in headless Chromium', () => {
  let browser: Browser;
  const out = mkdtempSync(join(tmpdir(), 'dataflow-docs-site-'));
  const specsSite = join(out, 'specs-site');
  const url = (site: string, path: string) => pathToFileURL(resolve(site, path)).href;

  beforeAll(async () => {
    await writeSiteFor('specs', specsSite);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the index of the bundled specs loads from file:// without console errors, and its system map is drawn', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(url(specsSite, 'index.html'));
    const map = page.locator('#system-map svg');
    await expect(map.isVisible()).resolves.toBe(true);
    const box = (await map.boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    expect(box.height).toBeGreaterThan(100);
    expect(await page.locator('#system-map .node').count()).toBe(6);
    expect(keepScreenshot('specs-system-map.png', await map.screenshot())).toBeGreaterThan(NOT_BLANK);
    keepScreenshot('specs-index.png', await page.screenshot({ fullPage: true }));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an edge of the system map leads to its spec, and an edge of the spec map to its flow', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(url(specsSite, 'index.html'));
    const edge = page.locator('#system-map a.edge[data-edge="hubspot-tripletex"]');
    await edge.click({ force: true });
    await page.waitForURL(/specs\/hubspot-tripletex\.html#flows$/);
    expect(await page.locator('h1').textContent()).toBe('HubSpot to Tripletex Dataflow');
    const flowEdge = page.locator('#flow-map a.edge[data-edge="hubspot-deal-to-tripletex-order"]');
    await flowEdge.click({ force: true });
    await page.waitForURL(/#flow-hubspot-deal-to-tripletex-order$/);
    const section = page.locator('#flow-hubspot-deal-to-tripletex-order');
    expect(await section.locator('h2').textContent()).toBe('HubSpot Deal to Tripletex Order');
    await expect(section.isVisible()).resolves.toBe(true);
    // The flow's section scrolled into view.
    const top = (await section.boundingBox())!.y;
    expect(top).toBeGreaterThanOrEqual(-5);
    expect(top).toBeLessThan(1000);
    expect(keepScreenshot('specs-flow-map.png', await page.locator('#flow-map svg').screenshot())).toBeGreaterThan(NOT_BLANK);
    keepScreenshot('specs-flow.png', await page.screenshot());
    // The provenance link goes to the spec line, highlighted.
    await section.locator('a.prov').first().click();
    await page.waitForURL(/source\/hubspot-tripletex\.html#L\d+$/);
    const line = new URL(page.url()).hash.slice(1);
    expect(await page.locator(`[id="${line}"]`).textContent()).toMatch(/HubSpot Deal to Tripletex Order/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('search finds a field and leads to its row in the catalog', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(url(specsSite, 'specs/invoiced-crmoffice.html'));
    await page.locator('#search').fill('deliveryaddress city');
    const results = page.locator('#search-results li a');
    await results.first().waitFor();
    const texts = await results.allTextContents();
    expect(texts.some((t) => /^field\s*deliveryAddress\.city\s*Tripletex Customer/.test(t))).toBe(true);
    keepScreenshot('specs-search.png', await page.screenshot());
    await results.filter({ hasText: /Tripletex Customer/ }).first().click();
    await page.waitForURL(/entities\/tripletex-customer\.html#field-\d+$/);
    const row = page.locator(`[id="${new URL(page.url()).hash.slice(1)}"]`);
    expect(await row.locator('code').first().textContent()).toBe('deliveryAddress.city');
    expect(problems).toEqual([]);
    await page.close();
  });

  describe.skipIf(!hasCorpus)('the site of the 300 latest corpus documents', () => {
    const corpusSite = join(out, 'corpus-site');
    beforeAll(async () => {
      await writeSiteFor(join(CORPUS, 'latest'), corpusSite);
    }, 180_000);

    it('loads without console errors and shows its system map', async () => {
      const { page, problems } = await openPage(browser);
      await page.goto(url(corpusSite, 'index.html'));
      const map = page.locator('#system-map svg');
      await expect(map.isVisible()).resolves.toBe(true);
      expect(await page.locator('#system-map a.edge').count()).toBe(300);
      expect(keepScreenshot('corpus-system-map.png', await map.screenshot())).toBeGreaterThan(NOT_BLANK);
      keepScreenshot('corpus-index.png', await page.screenshot());
      expect(problems).toEqual([]);
      await page.close();
    });

    it.each(['hubspot-tripletex', 'superoffice-tidsbanken', 'shopify-chargebee', 'wave-squarespace'])(
      'the page of %s loads without console errors, and each edge of its flow map reaches its flow',
      async (slug) => {
        const { page, problems } = await openPage(browser);
        await page.goto(url(corpusSite, `specs/${slug}.html`));
        const edges = page.locator('#flow-map a.edge');
        const count = await edges.count();
        expect(count).toBeGreaterThan(0);
        for (let i = 0; i < count; i++) {
          const href = (await edges.nth(i).getAttribute('href'))!;
          expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
        }
        // A real click on the middle of the first edge's line.
        const first = edges.first();
        await first.scrollIntoViewIfNeeded();
        const point = await first.evaluate((a) => {
          // No DOM types in this project's tsconfig: the SVG path's geometry API, typed here.
          const path = a.querySelector('.edge-line') as unknown as SvgPath;
          const p = path.getPointAtLength(path.getTotalLength() / 2);
          const m = path.getScreenCTM()!;
          return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
        });
        const href = (await first.getAttribute('href'))!;
        await page.mouse.click(point.x, point.y);
        await page.waitForFunction((hash) => (globalThis as unknown as { location: { hash: string } }).location.hash === hash, href);
        await expect(page.locator(`[id="${href.slice(1)}"]`).isVisible()).resolves.toBe(true);
        expect(problems).toEqual([]);
        await page.close();
      },
    );

    it('search finds a field across the corpus', async () => {
      const { page, problems } = await openPage(browser);
      await page.goto(url(corpusSite, 'index.html'));
      await page.locator('#search').fill('TwoLetterISOCountry');
      await page.locator('#search-results li a').first().waitFor();
      const texts = await page.locator('#search-results li a').allTextContents();
      expect(texts.filter((t) => t.startsWith('field')).length).toBeGreaterThan(3);
      await page.keyboard.press('Enter');
      await page.waitForURL(/entities\/.+\.html#field-\d+$/);
      expect(await page.locator(`[id="${new URL(page.url()).hash.slice(1)}"] code`).first().textContent()).toMatch(/TwoLetterISOCountry/);
      keepScreenshot('corpus-field.png', await page.screenshot());
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});

export { ARTIFACTS };
