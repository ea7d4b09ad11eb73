/**
 * The viewer over HTTP, on a fresh library of the fixture APKs: status codes, the
 * security headers on every response, DNS-rebinding Host headers refused, read-only
 * methods, search in Chinese, filters against an oracle computed from the reports,
 * the side-by-side diff of the two demo versions, and hostile app strings escaped on
 * every page.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScanReport } from '../../src/scan/scan.js';
import type { Facets, LibraryApp, SearchResult } from '../../src/store/index.js';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security.js';
import { renderHtmlReportParts } from '../../src/report/html/index.js';
import { serveLibrary } from '../../src/server/viewer.js';
import type { RunningServer } from '../../src/server/http.js';
import { get } from './http-client.js';
import {
  buildFixtureLibrary,
  DEMO,
  DEMO_PACKAGE,
  DEMO_V2,
  HOSTILE_IDENTIFIERS,
  HOSTILE_PACKAGE,
  HOSTILE_ERROR,
  HOSTILE_STRINGS,
  type FixtureLibrary,
} from './library-fixture.js';
import { markupProblems } from './markup-checks.js';

let fixture: FixtureLibrary;
let server: RunningServer;
const loggedErrors: unknown[] = [];
const id = (apk: string): number => fixture.scanIds.get(apk) as number;

before(async () => {
  fixture = buildFixtureLibrary();
  server = await serveLibrary(fixture.library, '127.0.0.1', 0, (error) => loggedErrors.push(error));
});
after(async () => {
  await server.close();
  fixture.dispose();
});

// [name, path (a function: ids are known only once the library exists), method, Host header (undefined: ours), status, content type]
type StatusCase = readonly [string, () => string, string, string | undefined, number, string];
const STATUS_CASES: readonly StatusCase[] = [
  ['app list', () => '/', 'GET', undefined, 200, 'text/html'],
  ['app list filtered by category', () => '/?category=religion', 'GET', undefined, 200, 'text/html'],
  ['signer filter too short to mean anything', () => '/?signer=abc', 'GET', undefined, 400, 'text/html'],
  ['search in Chinese', () => `/search?q=${encodeURIComponent('宗教')}`, 'GET', undefined, 200, 'text/html'],
  ['empty search', () => '/search?q=', 'GET', undefined, 200, 'text/html'],
  ['search text over the limit', () => `/search?q=${'x'.repeat(600)}`, 'GET', undefined, 400, 'text/html'],
  ['versions of the demo', () => `/app/${DEMO_PACKAGE}`, 'GET', undefined, 200, 'text/html'],
  ['versions of an unknown package', () => '/app/org.example.none', 'GET', undefined, 404, 'text/html'],
  ['package name with broken percent-encoding', () => '/app/%E0%A4%A', 'GET', undefined, 400, 'text/html'],
  ['a report', () => `/scan/${id(DEMO)}`, 'GET', undefined, 200, 'text/html'],
  ['the report script', () => `/scan/${id(DEMO)}/report.js`, 'GET', undefined, 200, 'text/javascript'],
  ['the report script of an unknown scan', () => '/scan/999999/report.js', 'GET', undefined, 404, 'text/html'],
  ['an unknown scan', () => '/scan/999999', 'GET', undefined, 404, 'text/html'],
  ['scan id zero', () => '/scan/0', 'GET', undefined, 400, 'text/html'],
  ['scan id past the safe integers', () => '/scan/12345678901234567890', 'GET', undefined, 400, 'text/html'],
  ['diff with a missing id', () => '/diff?old=1', 'GET', undefined, 400, 'text/html'],
  ['diff of the demo versions', () => `/diff?old=${id(DEMO)}&new=${id(DEMO_V2)}`, 'GET', undefined, 200, 'text/html'],
  ['diff with a non-numeric id', () => '/diff?old=abc&new=1', 'GET', undefined, 400, 'text/html'],
  ['files not analysed', () => '/errors', 'GET', undefined, 200, 'text/html'],
  ['api files not analysed', () => '/api/errors', 'GET', undefined, 200, 'application/json'],
  ['viewer script', () => '/assets/viewer.js', 'GET', undefined, 200, 'text/javascript'],
  ['viewer stylesheet', () => '/assets/viewer.css', 'GET', undefined, 200, 'text/css'],
  ['no such page', () => '/nothing', 'GET', undefined, 404, 'text/html'],
  ['api apps', () => '/api/apps', 'GET', undefined, 200, 'application/json'],
  ['api facets', () => '/api/facets', 'GET', undefined, 200, 'application/json'],
  ['api search', () => `/api/search?q=${encodeURIComponent('宗教')}`, 'GET', undefined, 200, 'application/json'],
  ['api search with a bad limit', () => '/api/search?q=x&limit=-1', 'GET', undefined, 400, 'application/json'],
  ['api versions', () => `/api/app/${DEMO_PACKAGE}`, 'GET', undefined, 200, 'application/json'],
  ['api scan', () => `/api/scan/${id(HOSTILE_STRINGS)}`, 'GET', undefined, 200, 'application/json'],
  ['api diff', () => `/api/diff?old=${id(DEMO)}&new=${id(DEMO_V2)}`, 'GET', undefined, 200, 'application/json'],
  ['api unknown scan', () => '/api/scan/424242', 'GET', undefined, 404, 'application/json'],
  ['api no such endpoint', () => '/api/nothing', 'GET', undefined, 404, 'application/json'],
  ['HEAD of a page', () => '/', 'HEAD', undefined, 200, 'text/html'],
  ['POST refused', () => '/', 'POST', undefined, 405, 'text/plain'],
  ['PUT refused', () => '/api/apps', 'PUT', undefined, 405, 'text/plain'],
  ['DELETE refused', () => `/scan/${id(DEMO)}`, 'DELETE', undefined, 405, 'text/plain'],
  ['OPTIONS refused', () => '/', 'OPTIONS', undefined, 405, 'text/plain'],
  ['Host localhost with port', () => '/', 'GET', 'localhost:80', 200, 'text/html'],
  ['Host IPv6 loopback', () => '/', 'GET', '[::1]:8750', 200, 'text/html'],
  ['rebinding: Host of another site', () => '/', 'GET', 'evil.example', 403, 'text/plain'],
  ['rebinding: Host of another site with port', () => '/api/apps', 'GET', 'evil.example:8750', 403, 'text/plain'],
  ['rebinding: loopback address as a subdomain', () => '/', 'GET', '127.0.0.1.evil.example', 403, 'text/plain'],
  [
    'rebinding: localhost as a subdomain of another site',
    () => '/',
    'GET',
    'localhost.evil.example',
    403,
    'text/plain',
  ],
  ['rebinding: user-info trick', () => '/', 'GET', '127.0.0.1@evil.example', 403, 'text/plain'],
  ['rebinding: private LAN address', () => '/', 'GET', '192.168.1.10:8750', 403, 'text/plain'],
  ['no Host header at all', () => '/', 'GET', '', 403, 'text/plain'],
  [
    'absolute-form request target naming another host',
    () => 'http://evil.example/',
    'GET',
    undefined,
    400,
    'text/plain',
  ],
  ['request target over the length limit', () => `/search?q=${'a'.repeat(9000)}`, 'GET', undefined, 414, 'text/plain'],
];

for (const [name, path, method, host, status, type] of STATUS_CASES) {
  test(`viewer HTTP: ${name} → ${status}, with the security headers`, async () => {
    const response = await get(server.port, path(), { method, ...(host !== undefined ? { host } : {}) });
    assert.equal(response.status, status, response.body.slice(0, 300));
    assert.ok(String(response.headers['content-type']).startsWith(type), String(response.headers['content-type']));
    assert.equal(response.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['referrer-policy'], 'no-referrer');
    assert.equal(response.headers['x-frame-options'], 'DENY');
    if (status === 405) assert.equal(response.headers.allow, 'GET, HEAD');
    if (method === 'HEAD') {
      assert.equal(response.body, '');
      assert.ok(Number(response.headers['content-length']) > 0);
    }
    if (status === 403)
      assert.doesNotMatch(
        response.body,
        /apkwitness\.demo|fieldsurvey/,
        'a refused request learns nothing of the library',
      );
  });
}

test('viewer HTTP: no request made the server log an unexpected error', () => {
  assert.deepEqual(loggedErrors, []);
});

async function json<T>(path: string): Promise<T> {
  const response = await get(server.port, path);
  assert.equal(response.status, 200, response.body.slice(0, 300));
  return JSON.parse(response.body) as T;
}

async function page(path: string): Promise<string> {
  const response = await get(server.port, path);
  assert.equal(response.status, 200, `${path}: ${response.body.slice(0, 300)}`);
  return response.body;
}

test('search for 宗教 (two characters: below the trigram index) finds the demo app, page and JSON', async () => {
  const result = await json<SearchResult>(`/api/search?q=${encodeURIComponent('宗教')}`);
  assert.ok(
    result.hits.some((hit) => hit.packageName === DEMO_PACKAGE),
    JSON.stringify(result.hits.slice(0, 3)),
  );
  assert.ok(result.hits.every((hit) => hit.text.includes('宗教')));
  const markup = await page(`/search?q=${encodeURIComponent('宗教')}`);
  assert.match(markup, /<mark>宗教<\/mark>/);
  assert.ok(markup.includes(`<code>${DEMO_PACKAGE}</code>`));
});

test('search narrowed by a filter keeps only the apps that pass it', async () => {
  const religion = await json<SearchResult>(`/api/search?q=${encodeURIComponent('宗教')}&category=religion`);
  assert.ok(religion.hits.length > 0);
  const sms = await json<SearchResult>(`/api/search?q=${encodeURIComponent('宗教')}&category=biometrics`);
  assert.deepEqual(sms.hits, []);
});

/** Oracle from the reports themselves: packages having a current scan that satisfies the predicate. */
async function packagesWhere(predicate: (report: ScanReport) => boolean): Promise<string[]> {
  const packages = new Set<string>();
  for (const scanId of fixture.scanIds.values()) {
    const { report } = await json<{ report: ScanReport }>(`/api/scan/${scanId}`);
    if (predicate(report)) packages.add(report.app.packageName ?? '');
  }
  return [...packages].sort();
}

test('every category and signer facet filters the app list exactly as the reports say', async () => {
  const facets = await json<Facets>('/api/facets');
  assert.ok(facets.categories.length > 3 && facets.signers.length >= 3, JSON.stringify(facets.signers));
  for (const facet of facets.categories) {
    const { apps } = await json<{ apps: LibraryApp[] }>(`/api/apps?category=${encodeURIComponent(facet.value)}`);
    const expected = await packagesWhere((report) =>
      report.findings.some((finding) => finding.category === facet.value),
    );
    assert.deepEqual(apps.map((app) => app.packageName).sort(), expected, `category ${facet.value}`);
    assert.equal(apps.length, facet.apps, `facet count of ${facet.value}`);
  }
  for (const facet of facets.signers.filter((signer) => signer.value !== '')) {
    const { apps } = await json<{ apps: LibraryApp[] }>(`/api/apps?signer=${facet.value}`);
    const expected = await packagesWhere((report) =>
      report.app.signers.some((signer) => signer.effective && signer.certificateSha256 === facet.value),
    );
    assert.deepEqual(apps.map((app) => app.packageName).sort(), expected, `signer ${facet.value}`);
  }
});

test('endpoint and SDK filters: a host the demo calls keeps the demo and drops the rest; an unknown SDK keeps nothing', async () => {
  const facets = await json<Facets>('/api/facets');
  const demoHost = facets.endpoints.find(
    (facet) => facet.value.endsWith('example.net') || facet.value.includes('example'),
  );
  assert.ok(demoHost, JSON.stringify(facets.endpoints));
  const { apps } = await json<{ apps: LibraryApp[] }>(`/api/apps?endpoint=${encodeURIComponent(demoHost.value)}`);
  assert.equal(apps.length, demoHost.apps);
  const none = await json<{ apps: LibraryApp[] }>('/api/apps?sdk=no-such-sdk');
  assert.deepEqual(none.apps, []);
  const listed = await page(`/?endpoint=${encodeURIComponent(demoHost.value)}`);
  assert.equal((listed.match(/<tr data-package=/g) ?? []).length, demoHost.apps);
});

test('the versions page lists both demo versions and offers their diff', async () => {
  const markup = await page(`/app/${DEMO_PACKAGE}`);
  for (const version of ['1.2.0 (3)', '1.3.0 (4)']) assert.ok(markup.includes(version), version);
  assert.ok(markup.includes(`<option value="${id(DEMO)}"`) && markup.includes(`<option value="${id(DEMO_V2)}"`));
  assert.match(markup, /signed with different keys/);
});

test('the diff page shows what v2 added side by side: the call-log category, the passport field, the new endpoint', async () => {
  const markup = await page(`/diff?old=${id(DEMO)}&new=${id(DEMO_V2)}`);
  for (const added of ['call-log', '护照号码', 'collect.example.net']) assert.ok(markup.includes(added), added);
  assert.match(markup, /<th>old<\/th><th>new<\/th>/);
  assert.match(markup, /<tr class="added">/);
  assert.match(markup, /signer changed/i);
});

test('the diff page embeds the diff from its parts: one wrapper, a stylesheet whose every rule is scoped under it', async () => {
  const markup = await page(`/diff?old=${id(DEMO)}&new=${id(DEMO_V2)}`);
  assert.equal(markup.match(/<div class="aw-diff">/g)?.length, 1);
  assert.equal(markup.match(/<body[\s>]/g)?.length, 1, 'no document nested in the page');
  assert.doesNotMatch(markup, /<!DOCTYPE[\s\S]*<!DOCTYPE/i);
  const styles = [...markup.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1] as string).join('\n');
  assert.match(styles, /\.aw-diff /);
  assert.doesNotMatch(styles, /(^|[}\s,])(body|:root|html)\s*[{,]/, 'the diff restyles no viewer element');
});

test('the report page embeds the HTML report and loads its script from the same origin', async () => {
  const markup = await page(`/scan/${id(DEMO)}`);
  assert.match(markup, /<script src="\/scan\/\d+\/report\.js" defer><\/script>/);
  assert.doesNotMatch(markup, /<script>/);
  assert.ok(markup.includes('aw-finding'));
  const script = await get(server.port, `/scan/${id(DEMO)}/report.js`);
  assert.match(script.body, /aw-filters/);
});

test('the report script is served without reading or rendering the report again, and is the script every report carries', async () => {
  const library = fixture.library;
  const original = library.getScan.bind(library);
  let reads = 0;
  library.getScan = (scanId: number) => {
    reads += 1;
    return original(scanId);
  };
  const served = new Map<number, string>();
  try {
    for (const scanId of fixture.scanIds.values())
      served.set(scanId, (await get(server.port, `/scan/${scanId}/report.js`)).body);
  } finally {
    library.getScan = original;
  }
  assert.equal(reads, 0, 'no report was read to serve its script');
  for (const [scanId, body] of served) {
    const report = original(scanId) as ScanReport;
    assert.equal(body, renderHtmlReportParts(report).script, `scan ${scanId}`);
  }
});

const HOSTILE_TEXTS: readonly string[] = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

test('hostile strings: every page of the library is clean and shows the hostile values as text', async () => {
  const searches = ['script', 'onerror', '<img', 'javascript:', '"><', '宗教', 'evil'];
  const paths = [
    '/',
    '/errors',
    `/app/${HOSTILE_PACKAGE}`,
    `/scan/${id(HOSTILE_STRINGS)}`,
    `/scan/${id(HOSTILE_IDENTIFIERS)}`,
    `/diff?old=${id(HOSTILE_STRINGS)}&new=${id(HOSTILE_IDENTIFIERS)}`,
    `/diff?old=${id(DEMO)}&new=${id(HOSTILE_STRINGS)}`,
    ...searches.map((query) => `/search?q=${encodeURIComponent(query)}`),
  ];
  const facets = await json<Facets>('/api/facets');
  for (const facet of facets.endpoints) paths.push(`/?endpoint=${encodeURIComponent(facet.value)}`);
  const { apps } = await json<{ apps: LibraryApp[] }>('/api/apps');
  for (const app of apps) paths.push(`/app/${encodeURIComponent(app.packageName)}`);
  for (const scanId of fixture.scanIds.values())
    paths.push(`/scan/${scanId}`, `/diff?old=${scanId}&new=${id(HOSTILE_STRINGS)}`);
  for (const facet of facets.categories) paths.push(`/search?q=evil&category=${encodeURIComponent(facet.value)}`);
  let shown = 0;
  for (const path of paths) {
    const markup = await page(path);
    assert.deepEqual(markupProblems(markup), [], path);
    for (const text of HOSTILE_TEXTS)
      if (
        markup.includes(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'))
      )
        shown += 1;
  }
  assert.ok(shown >= 4, `hostile values shown escaped on ${shown} pages`);
});

test('files not analysed: the hostile file name and message are shown as text, JSON keeps them exact', async () => {
  const markup = await page('/errors');
  assert.ok(markup.includes('/cases/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.apk'));
  assert.ok(markup.includes('&lt;script&gt;alert(1)&lt;/script&gt;\\u{1b}[31m'));
  const { errors } = await json<{ errors: Array<{ path: string; message: string }> }>('/api/errors');
  assert.deepEqual(
    errors.map((error) => [error.path, error.message]),
    [[HOSTILE_ERROR.path, HOSTILE_ERROR.message]],
  );
  assert.match(await page('/'), /<a href="\/errors">1 file that could not be analysed<\/a>/);
});

test('hostile strings: the front page shows the hostile app label as text', async () => {
  const markup = await page('/');
  assert.ok(markup.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'label escaped');
  assert.ok(!markup.includes('<script>alert(1)'));
});
