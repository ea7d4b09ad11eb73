/**
 * The HTML report in a real browser (Debian's chromium via playwright-core), offline:
 * every non-file request is aborted and recorded (none may happen), the filter hides
 * and shows the right findings, the Chinese app name is drawn with real glyphs (not
 * the identical boxes of a missing font), a screenshot is written, and the hostile
 * fixture's report fires no dialog and runs no script of the app's.
 * Skipped, with a message, only when /usr/bin/chromium is not installed (.ci/run installs it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { needs } from '../support/needs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { renderHtmlReport } from '../../src/report/html/index.js';
import { DEMO_APK, HOSTILE_IDENTIFIERS_APK, HOSTILE_STRINGS_APK, scanned } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = needs('chromium');
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Draws each character alone on a canvas in the element's own font and returns its
 * bitmap signature, and that of a private-use code point no font draws. Kept as
 * source text: the test runner's transpiler adds helpers a page does not have.
 */
const GLYPH_PROBE = `function (element, text) {
  var font = getComputedStyle(element).font;
  var canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  var context = canvas.getContext('2d');
  function draw(character) {
    context.clearRect(0, 0, 64, 64);
    context.font = font; context.fillStyle = '#000'; context.textBaseline = 'top';
    context.fillText(character, 4, 4);
    var pixels = context.getImageData(0, 0, 64, 64).data;
    var ink = 0, signature = '';
    for (var index = 3; index < pixels.length; index += 4) { if (pixels[index] > 0) ink += 1; signature += pixels[index] > 127 ? '1' : '0'; }
    return { ink: ink, signature: signature };
  }
  return { characters: Array.from(text).map(draw), missing: draw('\\ue000'), box: element.getBoundingClientRect().width };
}`;

interface GlyphProbe {
  characters: Array<{ ink: number; signature: string }>;
  missing: { ink: number; signature: string };
  box: number;
}

let browser: Browser | undefined;
let folder = '';
const blockedRequests: string[] = [];

before(async () => {
  if (SKIP) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  folder = mkdtempSync(join(tmpdir(), 'apkwitness-browser-'));
});

after(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Opened {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

async function open(name: string, apk: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
  const path = join(folder, `${name}.html`);
  writeFileSync(path, renderHtmlReport(scanned(apk)));
  const context = await browser!.newContext({ viewport, offline: true });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blockedRequests.push(url);
    return route.abort();
  });
  // The probe: anything that calls a dialog or print marks the page as pwned.
  await context.addInitScript(() => {
    const probe = window as unknown as { __pwned: boolean };
    probe.__pwned = false;
    for (const name of ['alert', 'confirm', 'prompt', 'print', 'open'] as const) {
      (window as unknown as Record<string, unknown>)[name] = () => {
        probe.__pwned = true;
      };
    }
  });
  const page = await context.newPage();
  const opened: Opened = { context, page, dialogs: [], consoleErrors: [], pageErrors: [] };
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => opened.pageErrors.push(error.message));
  await page.goto(pathToFileURL(path).href);
  return opened;
}

test('demo report: filter by text and by category shows the right findings', { skip: SKIP }, async () => {
  const report = scanned(DEMO_APK);
  const { context, page, consoleErrors, pageErrors } = await open('demo', DEMO_APK);
  try {
    const imei = report.findings.findIndex(
      (finding) => finding.args.api === 'android.telephony.TelephonyManager.getDeviceId',
    );
    const contacts = report.findings.findIndex(
      (finding) => finding.args.permission === 'android.permission.READ_CONTACTS',
    );
    assert.ok(imei >= 0 && contacts >= 0);
    assert.equal(
      await page.textContent('#aw-status'),
      `Showing ${report.findings.length} of ${report.findings.length} findings`,
    );
    await page.fill('input[name=q]', 'getDeviceId');
    assert.equal(await page.isVisible(`#f-${imei}`), true);
    assert.equal(await page.isVisible(`#f-${contacts}`), false);
    const expected = report.findings.filter((finding) =>
      JSON.stringify(finding).toLowerCase().includes('getdeviceid'),
    ).length;
    assert.ok(expected > 0);
    const shown = await page.locator('.aw-finding:visible').count();
    assert.ok(shown >= 1 && shown < report.findings.length, `${shown} findings shown`);
    assert.equal(await page.textContent('#aw-status'), `Showing ${shown} of ${report.findings.length} findings`);
    await page.fill('input[name=q]', '');
    await page.selectOption('select[name=category]', 'sms');
    const categories = await page
      .locator('.aw-finding:visible')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-category')));
    assert.deepEqual([...new Set(categories)], ['sms']);
    assert.equal(categories.length, report.findings.filter((finding) => finding.category === 'sms').length);
    await page.selectOption('select[name=category]', '');
    await page.selectOption('select[name=confidence]', 'high');
    const confidences = await page
      .locator('.aw-finding:visible')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-confidence')));
    assert.deepEqual([...new Set(confidences)], ['high']);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, [], 'no CSP violation or script error');
  } finally {
    await context.close();
  }
});

test(
  'demo report on a phone: no sideways scrolling; the Chinese app name is visible and drawn with real glyphs',
  { skip: SKIP },
  async () => {
    const chinese = scanned(DEMO_APK).app.labels.find((label) => label.locale.startsWith('zh'));
    assert.ok(chinese, 'the demo has a Chinese label');
    const { context, page } = await open('demo-font', DEMO_APK, { width: 390, height: 844 });
    try {
      const name = page.locator('.aw-app-name[lang="zh-CN"] .aw-original');
      assert.equal(await name.textContent(), chinese.text);
      assert.equal(await name.isVisible(), true);
      // A missing font gives the same box (tofu) for every character: distinct bitmaps mean real glyphs.
      const glyphs = await page.evaluate<GlyphProbe>(
        `(${GLYPH_PROBE})(document.querySelector('.aw-app-name[lang="zh-CN"] .aw-original'), ${JSON.stringify(chinese.text)})`,
      );
      const signatures = new Set(glyphs.characters.map((glyph) => glyph.signature));
      assert.equal(signatures.size, glyphs.characters.length, 'every character has its own glyph');
      for (const glyph of glyphs.characters) {
        assert.ok(glyph.ink > 20, `glyph has ink (${glyph.ink} pixels)`);
        assert.notEqual(glyph.signature, glyphs.missing.signature, 'not the missing-glyph box');
      }
      assert.ok(glyphs.box > 0);
      // Readable on a phone: the page itself never scrolls sideways (wide tables scroll inside their own box).
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px phone`);
      const screenshot = join(folder, 'demo-phone.png');
      await page.screenshot({ path: screenshot, fullPage: false });
      assert.deepEqual([...readFileSync(screenshot).subarray(0, PNG_SIGNATURE.length)], PNG_SIGNATURE);
    } finally {
      await context.close();
    }
  },
);

test(
  'demo report printed: the filter bar is hidden and every finding is open, evidence and commands visible',
  { skip: SKIP },
  async () => {
    const { context, page } = await open('demo-print', DEMO_APK);
    try {
      assert.equal(await page.locator('.aw-evidence li').first().isVisible(), false, 'cards start closed on screen');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('nav.aw-toolbar').isVisible(), false);
      const items = page.locator('.aw-evidence li');
      const total = await items.count();
      assert.ok(total > 0);
      for (let index = 0; index < total; index += 1)
        assert.equal(await items.nth(index).isVisible(), true, `evidence item ${index} is printed`);
      const pdf = await page.pdf();
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    } finally {
      await context.close();
    }
  },
);

for (const [name, apk] of [
  ['hostile-strings', HOSTILE_STRINGS_APK],
  ['hostile-identifiers', HOSTILE_IDENTIFIERS_APK],
] as const) {
  test(
    `${name} report: no dialog, no script of the app's, no request, after opening and filtering everything`,
    { skip: SKIP },
    async () => {
      const { context, page, dialogs, pageErrors } = await open(name, apk);
      try {
        for (const summary of await page.locator('summary').all()) await summary.click();
        await page.fill('input[name=q]', 'script');
        await page.fill('input[name=q]', 'onerror');
        await page.mouse.move(200, 300);
        await page.waitForTimeout(200);
        assert.deepEqual(dialogs, []);
        assert.equal(await page.evaluate(() => (window as unknown as { __pwned: boolean }).__pwned), false);
        assert.equal(await page.locator('script').count(), 1);
        assert.equal(await page.locator('img, svg, iframe, object, embed, a[href^="javascript"]').count(), 0);
        assert.deepEqual(pageErrors, []);
        // Long unbroken app strings (a 33,009-character resource, URLs) must not widen the page on a phone.
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        assert.ok(overflow <= 0, `page is ${overflow}px wider than a 390px phone`);
      } finally {
        await context.close();
      }
    },
  );
}

test('no request left the machine', { skip: SKIP }, () => {
  assert.deepEqual(blockedRequests, []);
});
