// The HTML checklist in a real browser: Debian's Chromium, driven headless by
// playwright-core (which downloads no browser of its own).
//
//   cd tests/browser && npm ci && RESOLUTE_BIN=../../target/debug/resolute npm test
//
// Environment: RESOLUTE_BIN and CHROMIUM (see env.mjs).
//
// Screenshots go to target/browser/ at the top of the repository (ignored by git).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ROOT, BIN, CHROMIUM, resolute } from './env.mjs';

const EXAMPLE = path.join(ROOT, 'examples', 'ga72-c3-crime-prevention-draft.txt');
const SHOTS = path.join(ROOT, 'target', 'browser');
const ACTOR = 'member-states';

// A resolution whose clauses carry markup and quotes: the page must show them
// as text and run none of it.
const HOSTILE =
  'The General Assembly,\n\n' +
  '1. Requests the Secretary-General to report on <script>window.__pwned=1</script> and </textarea> "quoted" \'single\' | piped text.\n\n' +
  '2. Urges Member States to act on <img src=x onerror="window.__pwned=2">;\n';


function checklistJson(file, actor) {
  return JSON.parse(resolute('checklist', '--format', 'json', '--actor', actor, file));
}

function checklistHtml(file, actor, out) {
  resolute('checklist', '--format', 'html', '--actor', actor, '-o', out, file);
  assert.ok(fs.existsSync(out), `resolute wrote no ${out}`);
  return pathToFileURL(out).href;
}

describe('HTML checklist in Chromium', () => {
  let tmp;
  let context;
  let pageUrl;
  let expected; // the JSON checklist: the same data the page was made from
  const allowed = new Set(); // file:// URLs of the pages under test
  const attempted = []; // every other request: there must be none

  before(async () => {
    assert.ok(
      fs.existsSync(BIN),
      `resolute binary not found at ${BIN}: build it with \`cargo build\` or set RESOLUTE_BIN`,
    );
    assert.ok(
      fs.existsSync(CHROMIUM),
      `Chromium not found at ${CHROMIUM}: \`apt-get install -y chromium\` or set CHROMIUM`,
    );
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolute-browser-'));
    expected = checklistJson(EXAMPLE, ACTOR);
    assert.ok(expected.items.length > 0, 'the example asks something of Member States');
    pageUrl = checklistHtml(EXAMPLE, ACTOR, path.join(tmp, `${ACTOR}.html`));
    allowed.add(pageUrl);

    // A fresh profile each run: localStorage survives reloads within the run only.
    context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'block',
    });
    // The page must be self-contained: every request but the page's own file
    // is aborted and remembered.
    context.on('request', (req) => {
      if (!allowed.has(req.url())) attempted.push(req.url());
    });
    context.on('websocket', (ws) => attempted.push(ws.url()));
    await context.route('**/*', (route) =>
      allowed.has(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
    );
    for (const p of context.pages()) await p.close();
  });

  after(async () => {
    if (context) await context.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  // Opens a page in the shared context, collecting console and page errors.
  async function open(url = pageUrl) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    const seen = attempted.length;
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, seen };
  }

  // The example's HTML checklist with the Italy profile, as a new file.
  function italyPage(name) {
    const out = path.join(tmp, name);
    const profile = path.join(ROOT, 'examples', 'profile-italy.yaml');
    resolute('checklist', '--format', 'html', '--profile', profile, '-o', out, EXAMPLE);
    const url = pathToFileURL(out).href;
    allowed.add(url);
    return url;
  }

  async function done({ page, errors, seen }) {
    assert.deepEqual(attempted.slice(seen), [], 'no request beyond the page itself');
    assert.deepEqual(errors, [], 'no console or page errors');
    await page.close();
  }

  test('loads with no errors and no network', async () => {
    const p = await open();
    const title = await p.page.title();
    assert.match(title, /^Checklist: Member States/);
    assert.equal(await p.page.locator('h1').count(), 1, 'one h1');
    assert.equal(await p.page.locator('html').getAttribute('lang'), 'en');
    await done(p);
  });

  test('one labelled checkbox per item', async () => {
    const p = await open();
    const boxes = p.page.locator('input[data-item]');
    assert.equal(await boxes.count(), expected.items.length, 'one checkbox per obligation');
    const found = await boxes.evaluateAll((els) =>
      els.map((el) => {
        const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
        return {
          item: el.getAttribute('data-item'),
          type: el.type,
          id: el.id,
          label: label ? label.textContent.trim() : null,
          name: el.labels.length ? el.labels[0].textContent.trim() : null,
        };
      }),
    );
    assert.deepEqual(
      found.map((f) => f.item).sort(),
      expected.items.map((i) => i.id).sort(),
      'the checkboxes are the items of the JSON checklist',
    );
    for (const f of found) {
      assert.equal(f.type, 'checkbox', f.item);
      assert.ok(f.id, `checkbox of ${f.item} has an id`);
      assert.ok(f.label, `checkbox of ${f.item} has a non-empty label[for]`);
      assert.equal(f.name, f.label, `label of ${f.item} is tied to its checkbox`);
    }
    // The label names the paragraph and the action.
    const first = expected.items.find((i) => i.id === found[0].item);
    assert.ok(found[0].label.startsWith(first.reference), found[0].label);
    // Clicking the label ticks the box.
    const box = boxes.nth(0);
    await p.page.locator(`label[for="${found[0].id}"]`).click({ position: { x: 5, y: 5 } });
    assert.equal(await box.isChecked(), true, 'the label toggles its checkbox');
    await p.page.locator(`label[for="${found[0].id}"]`).click({ position: { x: 5, y: 5 } });
    assert.equal(await box.isChecked(), false);
    await done(p);
  });

  test('ticks are kept in localStorage across a reload', async () => {
    const p = await open();
    const boxes = p.page.locator('input[data-item]');
    const ticked = boxes.nth(1);
    const other = boxes.nth(2);
    const id = await ticked.getAttribute('data-item');
    assert.equal(await ticked.isChecked(), false, 'a fresh profile starts unticked');
    await ticked.check();
    const key = `resolute:${expected.storage_key}:${id}`;
    assert.equal(await p.page.evaluate((k) => localStorage.getItem(k), key), '1', key);
    assert.match(await p.page.locator('#progress').textContent(), /^1 of \d+ items ticked\.$/);
    await p.page.reload({ waitUntil: 'load' });
    assert.equal(await ticked.isChecked(), true, 'still ticked after a reload');
    assert.equal(await other.isChecked(), false, 'the others stay unticked');
    assert.equal(
      await p.page.locator(`li.item:has(input[data-item="${id}"])`).getAttribute('class'),
      'item done',
    );
    // Unticking is kept too.
    await ticked.uncheck();
    await p.page.reload({ waitUntil: 'load' });
    assert.equal(await ticked.isChecked(), false, 'an untick is kept as well');
    await done(p);
  });

  test('the strength filter hides and shows a strength', async () => {
    const p = await open();
    const urge = p.page.locator('input.strength-filter[value="urge"]');
    assert.equal(await urge.count(), 1, 'an "urge" filter');
    const urged = p.page.locator('li.item[data-strength="urge"]');
    const others = p.page.locator('li.item:not([data-strength="urge"])');
    const nUrged = expected.items.filter((i) => i.strength === 'urge').length;
    const nOthers = expected.items.length - nUrged;
    assert.ok(nUrged > 0 && nOthers > 0, 'the example has urged and other items');
    assert.equal(await urged.count(), nUrged);

    async function visible(loc) {
      const all = await loc.all();
      const shown = await Promise.all(all.map((l) => l.isVisible()));
      return shown.filter(Boolean).length;
    }
    assert.equal(await visible(urged), nUrged, 'all shown at first');
    await urge.uncheck();
    assert.equal(await visible(urged), 0, 'unticking "urge" hides every urged item');
    assert.equal(await visible(others), nOthers, 'items of other strengths stay visible');
    await urge.check();
    assert.equal(await visible(urged), nUrged, 'ticking "urge" again shows them');
    assert.equal(await visible(others), nOthers);
    await done(p);
  });

  test('keyboard: Tab reaches the first item, Space ticks it, focus is visible', async () => {
    const p = await open();
    const first = p.page.locator('input[data-item]').first();
    const firstId = await first.getAttribute('id');
    const before = await first.isChecked();
    let presses = 0;
    while ((await p.page.evaluate(() => document.activeElement && document.activeElement.id)) !== firstId) {
      assert.ok(presses < 25, 'the first item checkbox is reached with Tab from the top');
      await p.page.keyboard.press('Tab');
      presses++;
    }
    const outline = await first.evaluate((el) => {
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(outline.style, 'none', 'a focused checkbox shows an outline');
    assert.ok(outline.width >= 2, `outline at least 2px wide (${outline.width})`);
    await p.page.keyboard.press('Space');
    assert.equal(await first.isChecked(), !before, 'Space toggles the checkbox');
    await p.page.keyboard.press('Space');
    assert.equal(await first.isChecked(), before, 'Space toggles it back');
    await done(p);
  });

  test('screenshots: screen, print and a narrow screen', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const p = await open();
    await p.page.screenshot({ path: path.join(SHOTS, 'checklist.png'), fullPage: true });

    // Print: about the width of an A4 page with margins.
    await p.page.setViewportSize({ width: 720, height: 1000 });
    await p.page.emulateMedia({ media: 'print' });
    assert.equal(await p.page.locator('fieldset.filters').isVisible(), false, 'no filters in print');
    assert.equal(await p.page.locator('#progress').isVisible(), false, 'no progress in print');
    // Print shows every source text, and every item, whatever the filter.
    const sources = p.page.locator('li.item .source-text:visible');
    assert.equal(await sources.count(), expected.items.length, 'each source text shows in print');
    await p.page.screenshot({ path: path.join(SHOTS, 'checklist-print.png'), fullPage: true });
    await p.page.emulateMedia({ media: 'screen' });

    await p.page.setViewportSize({ width: 390, height: 844 });
    const overflow = await p.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.equal(overflow, 0, 'no sideways scrolling at 390px');
    await p.page.screenshot({ path: path.join(SHOTS, 'checklist-390.png'), fullPage: true });
    await done(p);
  });

  test('two profiles of one document keep their own ticks', async () => {
    const italy = path.join(ROOT, 'examples', 'profile-italy.yaml');
    const france = path.join(tmp, 'france.yaml');
    fs.writeFileSync(france, 'country: France\nparty_to: [untoc]\n');
    const urls = {};
    for (const [name, profile] of [['italy', italy], ['france', france]]) {
      const out = path.join(tmp, `${name}.html`);
      resolute('checklist', '--format', 'html', '--profile', profile, '-o', out, EXAMPLE);
      urls[name] = pathToFileURL(out).href;
      allowed.add(urls[name]);
    }
    // Tick the same item in Italy's checklist only.
    const it = await open(urls.italy);
    const box = it.page.locator('input[data-item]').nth(3);
    const id = await box.getAttribute('data-item');
    const before = await box.isChecked();
    await box.setChecked(!before);
    await done(it);
    const fr = await open(urls.france);
    const frBox = fr.page.locator(`input[data-item="${id}"]`);
    assert.equal(await frBox.isChecked(), before, "France's checklist keeps its own state of the item");
    await done(fr);
    const again = await open(urls.italy);
    assert.equal(await again.page.locator(`input[data-item="${id}"]`).isChecked(), !before, "Italy's tick is kept");
    await done(again);
  });

  test('progress saved as a profile is read back by --profile', async () => {
    const p = await open(italyPage('italy-export.html'));
    const ids = await p.page.locator('input[data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    // Tick one item, set another in progress with notes that need quoting.
    const [a, b] = [ids[5], ids[6]];
    await p.page.locator(`input[data-item="${a}"]`).check();
    await p.page.locator(`li.item:has(input[data-item="${b}"]) details.edit > summary`).click();
    await p.page.locator(`select[data-status="${b}"]`).selectOption('in-progress');
    const notes = 'Ministry: "draft" ready; next: cabinet, then #2 — ok\nsecond line';
    await p.page.locator(`textarea[data-notes="${b}"]`).fill(notes);
    const saved = {};
    for (const [button, name] of [['#export-yaml', 'profile.yaml'], ['#export-csv', 'progress.csv']]) {
      const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.locator(button).click()]);
      saved[name] = path.join(tmp, name);
      await download.saveAs(saved[name]);
    }
    await done(p);
    for (const file of Object.values(saved)) {
      const back = JSON.parse(resolute('checklist', '--format', 'json', '--profile', file, EXAMPLE));
      const item = (id) => back.items.find((i) => i.id === id);
      assert.equal(item(a).status, 'done', `${file}: the ticked item is done`);
      assert.equal(item(b).status, 'in-progress', `${file}: the status is kept`);
      assert.equal(item(b).notes, notes, `${file}: the notes are kept`);
      // The statuses and notes the page started from are kept too.
      assert.equal(item('op12.1.member-states').status, 'in-progress', file);
      assert.equal(item('op12.1.member-states').notes, 'Ministry of Justice reviewing the legal aid reform bill.', file);
    }
    const yaml = fs.readFileSync(saved['profile.yaml'], 'utf8');
    assert.match(yaml, /^country: "country:italy"$/m, 'the YAML keeps the country');
    assert.match(yaml, /^ {2}- "uncac"$/m, 'and the treaties');
  });

  test('the printed checklist is compact', async () => {
    const p = await open(italyPage('italy-print.html'));
    const pdf = await p.page.pdf({ format: 'A4' });
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.writeFileSync(path.join(SHOTS, 'checklist-italy.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    console.log(`# the Italy checklist (${expected.items.length} items) prints on ${pages} A4 pages`);
    assert.ok(pages > 0 && pages <= 8, `prints on ${pages} pages (it took 19 before the print style)`);
    // Footnote text stays out of the quotations.
    const quotes = await p.page.locator('blockquote.source-text.print-only').allTextContents();
    assert.ok(!quotes.some((q) => /Resolution 65\/229, annex/.test(q)), 'no footnote text in a quotation');
    await done(p);
  });

  test('one page over several documents: filters, ticks and a profile that travels', async () => {
    const files = ['A-RES-72-196.txt', 'A-RES-76-188.txt'].map((f) => path.join(ROOT, 'tests', 'corpus', f));
    const data = JSON.parse(resolute('checklist', '--format', 'json', '--actor', 'unodc', ...files));
    const total = data.summary.total;
    assert.ok(data.documents.length === 2 && total > 20, `${total} items`);
    const out = path.join(tmp, 'combined.html');
    resolute('checklist', '--format', 'html', '--actor', 'unodc', '-o', out, ...files);
    const url = pathToFileURL(out).href;
    allowed.add(url);
    const p = await open(url);
    const boxes = p.page.locator('input[data-item]');
    assert.equal(await boxes.count(), total, 'one checkbox per item of every document');
    assert.equal(await p.page.locator('section.document').count(), 2);
    // The strength filter hides items in every document.
    const urged = data.documents.flatMap((d) => d.items).filter((i) => i.strength === 'urge').length;
    assert.ok(urged > 0);
    await p.page.locator('input.strength-filter[value="urge"]').uncheck();
    const visible = await p.page.locator('li.item[data-strength="urge"]:visible').count();
    assert.equal(visible, 0, 'no urged item shown');
    await p.page.locator('input.strength-filter[value="urge"]').check();
    assert.equal(await p.page.locator('li.item[data-strength="urge"]:visible').count(), urged);
    // The same item id in two documents: ticking one leaves the other.
    const key = 'A/RES/76/188#op33.2.unodc';
    const twin = 'A/RES/72/196#op33.2.unodc';
    await p.page.locator(`input[data-item="${key}"]`).check();
    assert.equal(await p.page.locator(`input[data-item="${twin}"]`).isChecked(), false);
    const [download] = await Promise.all([p.page.waitForEvent('download'), p.page.locator('#export-yaml').click()]);
    const saved = path.join(tmp, 'combined.profile.yaml');
    await download.saveAs(saved);
    await done(p);
    const back = JSON.parse(resolute('checklist', '--format', 'json', '--actor', 'unodc', '--profile', saved, ...files));
    const status = (doc, id) => back.documents.find((d) => d.document_key === doc).items.find((i) => i.id === id).status;
    assert.equal(status('A/RES/76/188', 'op33.2.unodc'), 'done');
    assert.equal(status('A/RES/72/196', 'op33.2.unodc'), null);
  });

  test('document text is shown as text, never run', async () => {
    const file = path.join(tmp, 'hostile.txt');
    fs.writeFileSync(file, HOSTILE);
    for (const actor of ['secretary-general', 'member-states']) {
      const data = checklistJson(file, actor);
      assert.ok(data.items.length > 0, `the hostile text asks something of ${actor}`);
      const url = checklistHtml(file, actor, path.join(tmp, `hostile.${actor}.html`));
      allowed.add(url);
      const p = await open(url);
      // Let an injected handler (an <img onerror>) fire if there were one.
      await p.page.waitForTimeout(50);
      assert.equal(await p.page.evaluate(() => typeof window.__pwned), 'undefined', actor);
      assert.equal(await p.page.locator('img').count(), 0, 'no image element from the text');
      assert.equal(await p.page.locator('script').count(), 1, 'only the page script');
      const labels = await p.page.locator('input[data-item] + .body > label, label[for^="check-"]').allTextContents();
      const text = labels.join('\n');
      if (actor === 'secretary-general') {
        assert.ok(text.includes('<script>window.__pwned=1</script>'), text);
        assert.ok(text.includes('</textarea>'), text);
        assert.ok(text.includes('"quoted"'), text);
        assert.ok(text.includes("'single'"), text);
        assert.ok(text.includes('| piped'), text);
      } else {
        assert.ok(text.includes('<img src=x onerror="window.__pwned=2">'), text);
      }
      await done(p);
    }
  });
});
