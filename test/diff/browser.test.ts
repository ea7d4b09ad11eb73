/**
 * The diff page in a real browser (Debian's chromium via playwright-core), offline:
 * the v1 → v2 page shows the signer banner, the passport field in Chinese with its
 * gloss and the new endpoint; on a phone it does not scroll sideways; no request
 * leaves the file, no console error (a CSP violation would log one), and the hostile
 * fixture's diff fires no dialog. Skipped, with a message, only without /usr/bin/chromium.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { needs } from '../support/needs.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { diffReports } from '../../src/diff/index.js';
import { renderDiffHtml } from '../../src/report/diff-html.js';
import { DEMO_V1, DEMO_V2, HOSTILE, reportOf } from './reports.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = needs('chromium');
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser: Browser | undefined;
let folder = '';

before(async () => {
  if (SKIP) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  folder = mkdtempSync(join(tmpdir(), 'apkwitness-diff-browser-'));
});

after(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
  close: () => Promise<void>;
}

async function open(
  name: string,
  oldApk: string,
  newApk: string,
  viewport: { width: number; height: number },
): Promise<Opened> {
  const path = join(folder, `${name}.html`);
  writeFileSync(path, renderDiffHtml(diffReports(reportOf(oldApk), reportOf(newApk))));
  const context = await browser!.newContext({ viewport, offline: true });
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path).href);
  return { page, requests, dialogs, errors, close: () => context.close() };
}

test(
  'diff page, desktop: signer banner, the passport field with its gloss, the new endpoint; offline and clean',
  { skip: SKIP },
  async () => {
    const opened = await open('demo-desktop', DEMO_V1, DEMO_V2, DESKTOP);
    try {
      const { page } = opened;
      assert.ok(await page.locator('.banner').isVisible());
      assert.match(await page.locator('.banner').innerText(), /signer changed/i);
      const forms = page.locator('#forms');
      assert.ok(await forms.getByText('护照号码', { exact: false }).first().isVisible());
      assert.match(await forms.innerText(), /label\[zh-rCN\]: 护照号码 +\(passport \| number\)/);
      assert.ok(await page.locator('#endpoints').getByText('https://collect.example.net/v2/report').isVisible());
      const added = await page
        .locator('#permissions tr.added td.change')
        .evaluate((cell) => getComputedStyle(cell).backgroundColor);
      assert.notEqual(added, 'rgba(0, 0, 0, 0)', 'added rows are coloured');
      await page.screenshot({ path: join(folder, 'demo-desktop.png'), fullPage: true });
      assert.deepEqual([opened.requests, opened.dialogs, opened.errors], [[], [], []]);
    } finally {
      await opened.close();
    }
  },
);

test('diff page, phone: no sideways scrolling, old and new labelled in stacked cells', { skip: SKIP }, async () => {
  const opened = await open('demo-phone', DEMO_V1, DEMO_V2, PHONE);
  try {
    const { page } = opened;
    const overflow = await page.evaluate('document.scrollingElement.scrollWidth - window.innerWidth');
    assert.ok((overflow as number) <= 1, `page is ${String(overflow)} px wider than the phone`);
    const label = await page
      .locator('#app td.new')
      .first()
      .evaluate((cell) => getComputedStyle(cell, '::before').content);
    assert.equal(label, '"new: "');
  } finally {
    await opened.close();
  }
});

test(
  'diff page of the hostile fixture: no dialog, no request, no error, app markup shown as text',
  { skip: SKIP },
  async () => {
    for (const [name, oldApk, newApk] of [
      ['hostile-new', DEMO_V1, HOSTILE],
      ['hostile-old', HOSTILE, DEMO_V1],
    ] as const) {
      const opened = await open(name, oldApk, newApk, DESKTOP);
      try {
        assert.equal(await opened.page.locator('script').count(), 0);
        assert.match(
          await opened.page.locator('body').innerText(),
          /<script/i,
          `${name}: the hostile strings are visible as text`,
        );
        assert.deepEqual([opened.requests, opened.dialogs, opened.errors], [[], [], []], name);
      } finally {
        await opened.close();
      }
    }
  },
);
