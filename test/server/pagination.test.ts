/**
 * The app list of a large library comes in pages: APPS_PER_PAGE rows per page in
 * package order, "previous"/"next" links that keep the filters, a refused malformed
 * page number, a page past the end shown as the last page; /api/apps pages with
 * offset and limit and gives the total.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serveLibrary } from '../../src/server/viewer.js';
import type { RunningServer } from '../../src/server/http.js';
import { APPS_PER_PAGE } from '../../src/server/pages/apps.js';
import { openLibrary, type Library, type LibraryApp } from '../../src/store/index.js';
import { demoPath, reportOf, temporaryFolder } from '../store/support.js';
import { get } from './http-client.js';

/** Two full pages and a short third one. */
const APP_COUNT = 2 * APPS_PER_PAGE + 5;
const packageName = (index: number): string => `org.example.app${String(index).padStart(4, '0')}`;

let library: Library;
let server: RunningServer;

before(async () => {
  library = openLibrary(join(temporaryFolder('apkwitness-pages-'), 'pages.sqlite'));
  const demo = reportOf(demoPath);
  for (let index = 0; index < APP_COUNT; index++) {
    // Every third app keeps only its camera findings: a filter that cuts across pages.
    const findings =
      index % 3 === 0
        ? demo.findings.filter((finding) => finding.category === 'camera')
        : demo.findings.filter((finding) => finding.category !== 'camera');
    library.writeScan({
      report: { ...demo, app: { ...demo.app, packageName: packageName(index) }, findings },
      inputSha256: index.toString(16).padStart(64, '0'),
      fileName: `app${index}.apk`,
    });
  }
  server = await serveLibrary(library, '127.0.0.1', 0, (error) => {
    throw error;
  });
});
after(async () => {
  await server.close();
  library.close();
});

async function body(path: string, status = 200): Promise<string> {
  const response = await get(server.port, path);
  assert.equal(response.status, status, `${path}: ${response.body.slice(0, 200)}`);
  return response.body;
}

const rows = (markup: string): string[] =>
  [...markup.matchAll(/<tr data-package="([^"]+)">/g)].map((match) => match[1] as string);

test('pages of APPS_PER_PAGE rows cover every app once, in package order', async () => {
  const seen: string[] = [];
  for (let pageNumber = 1; pageNumber <= 3; pageNumber++) {
    const markup = await body(pageNumber === 1 ? '/' : `/?page=${pageNumber}`);
    const listed = rows(markup);
    assert.equal(listed.length, pageNumber < 3 ? APPS_PER_PAGE : 5, `page ${pageNumber}`);
    assert.ok(markup.includes(`page ${pageNumber} of 3`), `page ${pageNumber} says where it is`);
    assert.equal(markup.includes('rel="prev"'), pageNumber > 1, `previous link on page ${pageNumber}`);
    assert.equal(markup.includes('rel="next"'), pageNumber < 3, `next link on page ${pageNumber}`);
    seen.push(...listed);
  }
  assert.deepEqual(
    seen,
    Array.from({ length: APP_COUNT }, (_, index) => packageName(index)),
  );
});

test('a filtered list pages too, and its links keep the filter', async () => {
  // The apps without the camera-only cut: 136 of 205, two pages.
  const expected = Array.from({ length: APP_COUNT }, (_, index) => index)
    .filter((index) => index % 3 !== 0)
    .map(packageName);
  assert.ok(expected.length > APPS_PER_PAGE);
  const first = await body('/?category=religion');
  assert.deepEqual(rows(first), expected.slice(0, APPS_PER_PAGE));
  assert.match(first, /href="\/\?category=religion&amp;page=2" rel="next"/);
  const second = await body('/?category=religion&page=2');
  assert.deepEqual(rows(second), expected.slice(APPS_PER_PAGE));
  assert.match(second, /href="\/\?category=religion" rel="prev"/);
});

test('a page past the end shows the last page; a malformed page number is refused', async () => {
  assert.deepEqual(rows(await body('/?page=99')), rows(await body('/?page=3')));
  for (const bad of ['0', '-1', 'two', '1e3', '9999999']) await body(`/?page=${encodeURIComponent(bad)}`, 400);
});

test('/api/apps: offset and limit page the list; total counts it whole', async () => {
  const whole = JSON.parse(await body('/api/apps')) as { total: number; apps: LibraryApp[] };
  assert.equal(whole.total, APP_COUNT);
  assert.equal(whole.apps.length, APP_COUNT);
  const slice = JSON.parse(await body('/api/apps?offset=10&limit=7')) as {
    total: number;
    offset: number;
    apps: LibraryApp[];
  };
  assert.equal(slice.total, APP_COUNT);
  assert.equal(slice.offset, 10);
  assert.deepEqual(
    slice.apps.map((app) => app.packageName),
    whole.apps.slice(10, 17).map((app) => app.packageName),
  );
  const camera = JSON.parse(await body('/api/apps?category=camera&limit=1')) as { total: number; apps: LibraryApp[] };
  assert.equal(camera.total, Math.ceil(APP_COUNT / 3));
  assert.equal(camera.apps.length, 1);
  for (const bad of ['offset=-1', 'limit=x', 'offset=1.5']) await body(`/api/apps?${bad}`, 400);
});
