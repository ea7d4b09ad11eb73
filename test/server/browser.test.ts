/**
 * The viewer in a real browser (Debian's Chromium through playwright-core): batch-scan
 * the fixture APKs into a fresh library with `runBatch`, serve it, and use it as a
 * researcher would: search a Chinese term, compare the two demo versions, filter by a
 * data category, open a hostile app's report. Asserts what is on screen, that the
 * viewer's and the report's scripts run under the strict policy (no CSP violation),
 * that no request leaves loopback and that no dialog (alert) ever fires.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { needs } from '../support/needs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../../src/batch/run-batch.js';
import { startViewer } from '../../src/server/viewer.js';
import { openLibrary } from '../../src/store/index.js';
import { repositoryRoot } from '../support/corpus.js';
import { DEMO_PACKAGE, HOSTILE_PACKAGE } from './library-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const FIXTURE_FOLDERS = ['demo', 'demo-v2', 'hostile'].map((name) => join(repositoryRoot, 'fixtures', name));
/** Per-file limits for the batch (generous: the machine is shared). */
const BATCH_TIMEOUT_MILLISECONDS = 120_000;
const BATCH_MEMORY_MEGABYTES = 1024;
/** Per browser action; Chromium is slow to start on a loaded two-core machine. */
const ACTION_TIMEOUT_MILLISECONDS = 30_000;

const skip = needs('chromium');

test(
  'viewer in Chromium: search 宗教, diff the demo versions, filter by category, hostile report; nothing leaves loopback, no dialog',
  { skip },
  async () => {
    const { chromium } = await import('playwright-core');
    const folder = mkdtempSync(join(tmpdir(), 'apkwitness-browser-'));
    const libraryPath = join(folder, 'library.sqlite');
    const summary = await runBatch({
      libraryPath,
      roots: FIXTURE_FOLDERS,
      jobs: 2,
      timeoutMilliseconds: BATCH_TIMEOUT_MILLISECONDS,
      memoryMegabytes: BATCH_MEMORY_MEGABYTES,
    });
    assert.deepEqual(summary.errors, []);
    assert.equal(summary.analysed, 4);
    const reader = openLibrary(libraryPath, { readonly: true });
    const demoVersions = reader.versionsOf(DEMO_PACKAGE);
    const hostileScan = reader.versionsOf(HOSTILE_PACKAGE)[0]?.scanId;
    reader.close();
    assert.equal(demoVersions.length, 2);

    const serverErrors: unknown[] = [];
    const viewer = await startViewer({
      location: { kind: 'sqlite', path: libraryPath },
      host: '127.0.0.1',
      port: 0,
      logError: (error) => serverErrors.push(error),
    });
    const origin = viewer.url.replace(/\/$/, '');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const requests: string[] = [];
    const dialogs: string[] = [];
    const consoleErrors: string[] = [];
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(ACTION_TIMEOUT_MILLISECONDS);
      context.on('request', (request) => requests.push(request.url()));
      context.on('response', (response) => {
        if (response.status() >= 400) consoleErrors.push(`${response.status()} ${response.url()}`);
      });
      const page = await context.newPage();
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        // Failed loads are reported with their URL by the response listener above.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(String(error)));
      const shot = async (name: string) => {
        // APKWITNESS_SCREENSHOTS=<folder> keeps the screenshots for a person to look at.
        const path = join(process.env.APKWITNESS_SCREENSHOTS ?? folder, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        assert.ok(statSync(path).size > 0, path);
      };

      // The app list: every fixture app, the hostile label shown as text.
      await page.goto(`${origin}/`);
      assert.equal(await page.locator('#apps tbody tr').count(), 3);
      assert.ok(
        (await page.locator('#apps').innerText()).includes('<script>alert(1)</script>'),
        'hostile label shown literally',
      );
      await shot('apps');

      // Search a Chinese term from the search box: the demo app's religion findings.
      await page.fill('header input[name=q]', '宗教');
      await Promise.all([page.waitForURL(/\/search\?q=/), page.press('header input[name=q]', 'Enter')]);
      await page.locator('mark', { hasText: '宗教' }).first().waitFor({ state: 'visible' });
      assert.ok((await page.locator('#hits').innerText()).includes(DEMO_PACKAGE));
      await shot('search-religion');

      // The demo's versions page: the form preselects the two latest versions; compare them.
      await page.goto(`${origin}/app/${DEMO_PACKAGE}`);
      await Promise.all([page.waitForURL(/\/diff\?old=\d+&new=\d+/), page.click('#diff-form button[type=submit]')]);
      const added = page.locator('tr.added');
      await added.filter({ hasText: 'collect.example.net' }).first().waitFor({ state: 'visible' });
      await added.filter({ hasText: '护照号码' }).first().waitFor({ state: 'visible' });
      await added.filter({ hasText: 'call-log' }).first().waitFor({ state: 'visible' });
      // The diff's stylesheet is scoped under its wrapper: the viewer's body keeps its own box, the wrapper gets the diff's.
      const boxes = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const wrapper = document.querySelector('.aw-diff');
        return {
          bodyMaxWidth: body.maxWidth,
          bodyPadding: body.paddingTop,
          wrapperMaxWidth: wrapper ? getComputedStyle(wrapper).maxWidth : 'missing',
        };
      });
      assert.deepEqual(
        { bodyMaxWidth: boxes.bodyMaxWidth, bodyPadding: boxes.bodyPadding },
        { bodyMaxWidth: 'none', bodyPadding: '0px' },
      );
      assert.notEqual(boxes.wrapperMaxWidth, 'none');
      await shot('diff-demo');

      // Category filter: choosing call-log submits the form (the viewer's script) and leaves only the demo.
      await page.goto(`${origin}/`);
      await Promise.all([page.waitForURL(/category=call-log/), page.selectOption('select[name=category]', 'call-log')]);
      const rows = page.locator('#apps tbody tr');
      assert.equal(await rows.count(), 1);
      assert.equal(await rows.first().getAttribute('data-package'), DEMO_PACKAGE);
      await shot('filter-call-log');
      // Back and Forward: the menu and the list both say what the URL says; one history entry per filter change.
      await page.goto(`${origin}/`);
      const entries = await page.evaluate(() => history.length);
      await Promise.all([page.waitForURL(/category=call-log/), page.selectOption('select[name=category]', 'call-log')]);
      assert.equal(await page.evaluate(() => history.length), entries + 1, 'one history entry per filter change');
      await page.goBack();
      await page.waitForURL(`${origin}/`);
      assert.equal(await page.locator('select[name=category]').inputValue(), '');
      assert.equal(await page.locator('#apps tbody tr').count(), 3);
      await page.goForward();
      await page.waitForURL(/category=call-log/);
      assert.equal(await page.locator('select[name=category]').inputValue(), 'call-log');
      assert.equal(await page.locator('#apps tbody tr').count(), 1);
      // Quick filter (client side) hides rows that do not contain the typed text; it is kept in the URL
      // without a history entry per keystroke, and a reload shows the same rows.
      await page.goto(`${origin}/`);
      const beforeTyping = await page.evaluate(() => history.length);
      await page.fill('#quick-filter', 'fieldsurvey');
      assert.equal(await page.locator('#apps tbody tr:not(.hidden-by-filter)').count(), 1);
      assert.equal(await page.locator('#apps-shown').innerText(), '1');
      assert.match(page.url(), /filter=fieldsurvey/);
      assert.equal(await page.evaluate(() => history.length), beforeTyping);
      await page.reload();
      assert.equal(await page.locator('#quick-filter').inputValue(), 'fieldsurvey');
      assert.equal(await page.locator('#apps tbody tr:not(.hidden-by-filter)').count(), 1);

      // A hostile app's report: its own filter script runs (it writes the status line), no alert fires.
      await page.goto(`${origin}/scan/${hostileScan}`);
      await page.locator('#aw-status', { hasText: /Showing \d+ of \d+ findings/ }).waitFor({ state: 'visible' });
      await page.fill('#aw-filters input[name=q]', 'onerror');
      assert.match(await page.locator('#aw-status').innerText(), /Showing [1-9]\d* of \d+ findings/);
      await shot('hostile-report');

      // A 390 px phone: no page scrolls sideways.
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
      phone.setDefaultTimeout(ACTION_TIMEOUT_MILLISECONDS);
      const small = await phone.newPage();
      const [oldScan, newScan] = demoVersions.map((version) => version.scanId).sort((a, b) => a - b);
      for (const path of [
        '/',
        '/?category=call-log',
        `/search?q=${encodeURIComponent('宗教')}`,
        `/app/${DEMO_PACKAGE}`,
        `/diff?old=${oldScan}&new=${newScan}`,
        `/scan/${hostileScan}`,
        '/errors',
      ]) {
        await small.goto(`${origin}${path}`);
        const width = await small.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${path} is ${width} px wide on a 390 px screen`);
      }
      await phone.close();
    } finally {
      await browser.close();
      await viewer.close();
    }
    try {
      assert.ok(requests.length >= 8, `requests seen: ${requests.length}`);
      const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
      assert.deepEqual(outside, [], 'every request stayed on the loopback viewer');
      assert.deepEqual(dialogs, [], 'no dialog fired');
      assert.deepEqual(consoleErrors, [], 'no script error and no Content-Security-Policy violation');
      assert.deepEqual(serverErrors, []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
);
