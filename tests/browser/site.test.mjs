// The registry's static site in a real browser: Debian's Chromium, driven
// headless by playwright-core (see checklist.test.mjs for the environment).
//
// A registry is built from three corpus documents and one hostile document,
// the site is written, and its pages are opened from the file system.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, BIN, CHROMIUM, resolute } from './env.mjs';

const CORPUS = path.join(ROOT, 'tests', 'corpus');
const DOCS = [
  'A-RES-72-196.txt',
  'A-RES-78-229.txt',
  'S-RES-2231-2015.txt',
];

// Markup in an action, an addressee and a title: shown as text, never run.
const HOSTILE =
  'Resolution adopted by the General Assembly on 1 January 2020\n\n' +
  '<img src=x onerror="window.__pwned=3"> title <script>window.__pwned=4</script>\n\n' +
  'The General Assembly,\n\n' +
  '1. Requests the Secretary-General to report on <script>window.__pwned=1</script> and </li> "quoted" text;\n\n' +
  '2. Urges Member States to act on <img src=x onerror="window.__pwned=2">;\n';


describe('registry site in Chromium', () => {
  let tmp, site, browser, context;
  const attempted = [];

  before(async () => {
    assert.ok(fs.existsSync(BIN), `resolute binary not found at ${BIN}`);
    assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolute-site-'));
    const input = path.join(tmp, 'docs');
    fs.mkdirSync(input);
    for (const d of DOCS) fs.copyFileSync(path.join(CORPUS, d), path.join(input, d));
    fs.writeFileSync(path.join(input, 'hostile.txt'), HOSTILE);
    const reg = path.join(tmp, 'registry.sqlite');
    resolute('registry', 'build', '-q', input, '-o', reg);
    site = path.join(tmp, 'site');
    resolute('registry', 'site', '-q', reg, '-o', site);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    // Only the site's own files may load; anything else is blocked and remembered.
    const own = pathToFileURL(site).href + '/';
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(own)) return route.continue();
      attempted.push(url);
      return route.abort('blockedbyclient');
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const url = (rel) => pathToFileURL(path.join(site, rel)).href;

  async function open(rel) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(url(rel), { waitUntil: 'load' });
    return { page, errors };
  }

  async function done({ page, errors }) {
    assert.deepEqual(errors, [], 'no console or page errors');
    assert.deepEqual(attempted, [], 'no request outside the site');
    await page.close();
  }

  test('every page loads with no errors, and every link resolves', async () => {
    const pages = [];
    (function walk(dir) {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.html')) pages.push(path.relative(site, p));
      }
    })(site);
    assert.ok(pages.includes('index.html'));
    assert.ok(pages.some((p) => p.startsWith('actors/')), 'actor pages');
    assert.ok(pages.some((p) => p.startsWith('documents/')), 'document pages');
    assert.ok(pages.some((p) => p.startsWith('series/')), 'a series page (78/229 follows 72/196)');
    let links = 0;
    for (const rel of pages) {
      const p = await open(rel);
      const hrefs = await p.page.$$eval('a[href]', (as) => as.map((a) => a.href));
      for (const h of hrefs) {
        if (!h.startsWith('file:')) continue; // undocs.org references are plain links
        const u = new URL(h);
        const file = fileURLToPath(u.href.split('#')[0]);
        assert.ok(fs.existsSync(file), `${rel}: link to missing ${file}`);
        if (u.hash && u.hash.length > 1) {
          const html = fs.readFileSync(file, 'utf8');
          assert.ok(html.includes(`id="${decodeURIComponent(u.hash.slice(1))}"`), `${rel}: no anchor ${u.hash} in ${file}`);
        }
        links += 1;
      }
      await done(p);
    }
    assert.ok(links > 100, `links checked: ${links}`);
  });

  test('filters and search change what is shown', async () => {
    const p = await open('actors/member-states.html');
    const { page } = p;
    const rows = page.locator('li.ob');
    const total = await rows.count();
    assert.ok(total > 10, `member-states obligations: ${total}`);
    const visible = () => page.locator('li.ob:visible').count();
    assert.equal(await visible(), total, 'all shown at first');
    assert.equal(await page.locator('#shown').textContent(), `Showing ${total} of ${total}.`);

    await page.selectOption('select[name="strength"]', 'urge');
    const urged = await page.locator('li.ob[data-strength="urge"]').count();
    assert.ok(urged > 0 && urged < total);
    assert.equal(await visible(), urged);
    assert.equal(await page.locator('li.ob:visible:not([data-strength="urge"])').count(), 0);
    assert.equal(await page.locator('#shown').textContent(), `Showing ${urged} of ${total}.`);

    // Search within the urged ones: every word must appear.
    await page.fill('input[name="q"]', 'ratify');
    const n = await visible();
    assert.ok(n > 0 && n < urged, `urged and "ratify": ${n}`);
    for (const t of await page.locator('li.ob:visible').allTextContents()) {
      assert.match(t.toLowerCase(), /ratify/);
    }
    await page.fill('input[name="q"]', 'ratify zzzznothing');
    assert.equal(await visible(), 0);
    assert.ok(await page.locator('#none-shown').isVisible(), 'says nothing matches');

    await page.click('button[type="reset"]');
    await page.waitForFunction((t) => document.querySelectorAll('li.ob:not([hidden])').length === t, total);
    assert.equal(await visible(), total);

    // Session: two General Assembly sessions on this page.
    const sessions = await page.$$eval('select[name="session"] option', (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(sessions.length >= 2, `sessions: ${sessions}`);
    await page.selectOption('select[name="session"]', sessions[0]);
    const inSession = await page.locator(`li.ob[data-session="${sessions[0]}"]`).count();
    assert.equal(await visible(), inSession);

    // No review clause: only rows of documents without one.
    await page.click('button[type="reset"]');
    await page.check('input[name="no-review"]');
    assert.equal(await visible(), await page.locator('li.ob[data-review="none"]').count());
    await done(p);
  });

  test('the index search narrows its lists', async () => {
    const p = await open('index.html');
    const { page } = p;
    const all = await page.locator('tr[data-row]').count();
    await page.fill('input[name="q"]', 'Secretary-General');
    const n = await page.locator('tr[data-row]:visible').count();
    assert.ok(n >= 1 && n < all, `${n} of ${all}`);
    await done(p);
  });

  test('no script from the document text runs', async () => {
    const p = await open('index.html');
    const { page } = p;
    const docLink = page.locator('a', { hasText: 'hostile.txt' });
    assert.equal(await docLink.count(), 1, 'the hostile document is listed by its file name');
    await docLink.click();
    await page.waitForLoadState('load');
    for (const rel of ['actors/secretary-general.html', 'actors/member-states.html']) {
      await page.goto(url(rel), { waitUntil: 'load' });
      assert.equal(await page.evaluate(() => window.__pwned), undefined, `${rel}: nothing ran`);
    }
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    // The markup is shown as text.
    await page.goto(url('actors/secretary-general.html'), { waitUntil: 'load' });
    const text = await page.locator('li.ob', { hasText: 'window.__pwned=1' }).textContent();
    assert.match(text, /<script>window.__pwned=1<\/script>/);
    assert.equal(await page.locator('li.ob script, li.ob img').count(), 0);
    await done(p);
  });
});
