/**
 * The same scans recorded in a SQLite library and in a PostgreSQL library give the same
 * answers: search hits (any script; two-character Chinese terms; one- and two-character
 * terms of other scripts; LIKE and FTS syntax as text; every filter), the app list,
 * counts, facets, versions and reports. Ids differ between the two libraries and are
 * left out of the comparison; everything else must be equal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildAppModels } from '../../src/model/app-model-build.js';
import { scanModels } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { appStrings } from '../../src/batch/app-strings.js';
import {
  openLibrary,
  prepareScan,
  sqliteCaseLibrary,
  type CaseLibrary,
  type PreparedScanRecord,
  type SearchOptions,
  type SearchResult,
} from '../../src/store/index.js';
import { openPgLibrary, type PgLibrary } from '../../src/store/pg/library.js';
import { pgTarget } from '../../src/store/pg/connection.js';
import { toolVersion } from '../../src/version.js';
import { corpusRoot } from '../support/corpus.js';
import { freshDatabase, postgresSkip } from '../support/postgres.js';
import { demoPath, hostileStringsPath, sha256Of, temporaryFolder } from './support.js';
import { DEMO_V2, HOSTILE_IDENTIFIERS } from '../server/library-fixture.js';

/** Corpus apps with many string resources in many languages (AndroidX translations), when the corpus is here. */
const CORPUS_SAMPLE = ['fdroidserver/urzip-release.apk', 'mobsf/XposedInstaller_3.1.5.apk', 'jadx/small.apk'];

/** Strings of scripts the fixtures lack, handed in as the app's own strings of the demo. */
const EXTRA_STRINGS = [
  'دىنىي ئېتىقادىڭىز قايسى؟', // Uyghur (Arabic script): what is your religious belief?
  'ئۇيغۇرچە ئىسمىڭىز',
  'Ваше вероисповедание и НАЦИОНАЛЬНОСТЬ',
  'ΟΔΟΣ και οδός',
  'İstanbul ıspanak',
  '你的民族是什么？户籍所在地',
  'text with a NUL \u0000 inside',
  '100% 真实_姓名 "quoted" NEAR(a b) *star',
].map((text) => ({ source: 'resource', text }));

const QUERIES: ReadonlyArray<readonly [string, SearchOptions?]> = [
  ['宗教'],
  ['民族'],
  ['户籍'],
  ['身份证号'],
  ['Вероисповедание'],
  ['вероисповедание'],
  ['национальность'],
  ['ئې'],
  ['دىنىي'],
  ['ئېتىقاد'],
  ['ΟΔΟΣ'],
  ['οδός'],
  ['istanbul'], // JavaScript lowers İ to i + U+0307: no hit in either library
  ['ıspanak'],
  ['id'],
  ['e', { limit: 1000 }],
  ['e', { limit: 1000, category: 'religion' }],
  ['Ий'],
  ['survey.example.org'],
  ['FIELD SURVEY'],
  ['0%'],
  ['实_姓'],
  ['"quoted"'],
  ['NEAR(a b)'],
  ['*star'],
  ['NUL'],
  ['permission'],
  ['the', { limit: 1000 }],
  ['nowhere-at-all-xyz'],
  ['宗教', { category: 'religion' }],
  ['survey', { endpoint: 'example.org' }],
];
/** Queries of QUERIES expected to find nothing in either library. */
const NO_HITS = new Set(['istanbul', 'nowhere-at-all-xyz']);

function canonicalHits(result: SearchResult): string[] {
  return result.hits
    .map((hit) =>
      JSON.stringify({
        ...hit,
        scanId: undefined,
        finding: hit.finding === undefined ? undefined : { ...hit.finding, id: undefined },
        text: hit.text.replace(/\u0000/g, '\uFFFD'),
        snippet: hit.snippet.replace(/\u0000/g, '\uFFFD'),
      }),
    )
    .sort();
}

/** Equal hit lists, or a failure naming a few hits that only one library gave. */
function assertSameHits(postgres: readonly string[], sqlite: readonly string[], what: string): void {
  const onlyPostgres = postgres.filter((hit) => !sqlite.includes(hit)).slice(0, 3);
  const onlySqlite = sqlite.filter((hit) => !postgres.includes(hit)).slice(0, 3);
  assert.ok(
    postgres.length === sqlite.length && onlyPostgres.length === 0 && onlySqlite.length === 0,
    `${what}: PostgreSQL ${postgres.length} hits, SQLite ${sqlite.length}; only in PostgreSQL: ${onlyPostgres.join(' | ')}; only in SQLite: ${onlySqlite.join(' | ')}`,
  );
}

function withoutIds(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, item: unknown) =>
      ['scanId', 'latestScanId', 'id', 'scannedAt', 'at'].includes(key) ? undefined : item,
    ),
  );
}

interface Pair {
  readonly sqlite: CaseLibrary;
  readonly postgres: PgLibrary;
}

async function buildPair(): Promise<Pair> {
  const url = await freshDatabase();
  const postgres = await openPgLibrary(pgTarget(url), { connections: 2 });
  const sqliteLibrary = openLibrary(join(temporaryFolder(), 'parity.sqlite'));
  const inputs = [demoPath, DEMO_V2, hostileStringsPath, HOSTILE_IDENTIFIERS];
  for (const name of CORPUS_SAMPLE) {
    const path = join(corpusRoot, name);
    if (existsSync(path)) inputs.push(path);
  }
  for (const path of inputs) {
    const { models } = buildAppModels(path);
    const { report } = scanModels(path, models, { dictionaries });
    const extra = path === demoPath ? EXTRA_STRINGS : [];
    const record: PreparedScanRecord = {
      prepared: prepareScan(report, [...appStrings(models), ...extra]),
      inputSha256: sha256Of(path),
      fileName: basename(path),
    };
    sqliteLibrary.writePreparedScan(record);
    await postgres.writePreparedScan(record);
  }
  sqliteLibrary.writeError(
    { path: '/cases/broken.apk', inputSha256: 'b'.repeat(64), kind: 'format', message: 'not a zip' },
    toolVersion(),
  );
  await postgres.writeError(
    { path: '/cases/broken.apk', inputSha256: 'b'.repeat(64), kind: 'format', message: 'not a zip' },
    toolVersion(),
  );
  return { sqlite: sqliteCaseLibrary(sqliteLibrary), postgres };
}

test('SQLite and PostgreSQL libraries with the same scans give the same answers', { skip: postgresSkip }, async (t) => {
  const { sqlite, postgres } = await buildPair();
  try {
    await t.test('search: the same hits for every query and filter', async () => {
      // Every filter value the library offers (its facets), a few of each kind.
      const facets = await sqlite.facets();
      const filtered: Array<readonly [string, SearchOptions]> = [
        ...facets.categories.slice(0, 4).map((facet) => ['e', { category: facet.value }] as const),
        ...facets.endpoints.slice(0, 4).map((facet) => ['e', { endpoint: facet.value }] as const),
        ...facets.signers.slice(0, 4).map((facet) => ['e', { signer: facet.value || 'unsigned' }] as const),
        ...facets.sdks.slice(0, 4).map((facet) => ['e', { sdk: facet.value.toUpperCase() }] as const),
      ];
      assert.ok(filtered.length >= 10, 'facets to filter by');
      for (const [query, options] of [...QUERIES, ...filtered]) {
        const limit = options?.limit ?? 1000;
        const [left, right] = await Promise.all([
          sqlite.search(query, { ...options, limit }),
          postgres.search(query, { ...options, limit }),
        ]);
        const what = `${JSON.stringify(query)} ${JSON.stringify(options ?? {})}`;
        assert.equal(right.truncated, left.truncated, `truncation for ${what}`);
        if (left.truncated) {
          // More hits than the limit: each library shows the first ones in its own text order
          // (text ids differ), so only the count and the definition of a hit are compared.
          assert.equal(right.hits.length, left.hits.length, what);
          for (const hit of right.hits)
            assert.ok(hit.text.toLowerCase().includes(query.toLowerCase()), `${what}: ${hit.text}`);
        } else {
          assertSameHits(canonicalHits(right), canonicalHits(left), what);
        }
        assert.equal(left.hits.length === 0, NO_HITS.has(query), `${what}: ${left.hits.length} hits`);
      }
    });
    await t.test('search: the scripts the issue names are found in PostgreSQL', async () => {
      for (const term of ['宗教', 'ئېتىقاد', 'вероисповедание', 'ئې'])
        assert.ok((await postgres.search(term)).hits.length > 0, term);
    });
    await t.test(
      'a truncated search keeps the same order as SQLite within one library: text, then string',
      async () => {
        const full = await postgres.search('a', { limit: 1000 });
        const first = await postgres.search('a', { limit: 10 });
        assert.equal(first.truncated, true);
        assert.deepEqual(first.hits, full.hits.slice(0, 10));
      },
    );
    await t.test('apps, counts, facets, versions, reports, errors', async () => {
      assert.deepEqual(await postgres.counts(), await sqlite.counts());
      assert.deepEqual(withoutIds(await postgres.listApps()), withoutIds(await sqlite.listApps()));
      assert.deepEqual(
        withoutIds(await postgres.listApps({}, { offset: 1, limit: 2 })),
        withoutIds(await sqlite.listApps({}, { offset: 1, limit: 2 })),
      );
      for (const filters of [
        { category: 'religion' },
        { endpoint: 'example.org' },
        { signer: 'unsigned' },
        { sdk: 'firebase analytics' },
      ]) {
        assert.deepEqual(
          withoutIds(await postgres.listApps(filters)),
          withoutIds(await sqlite.listApps(filters)),
          JSON.stringify(filters),
        );
        assert.equal(await postgres.countApps(filters), await sqlite.countApps(filters));
      }
      await assert.rejects(postgres.listApps({ signer: 'abc' }), RangeError);
      assert.deepEqual(await postgres.facets(), await sqlite.facets());
      for (const app of await sqlite.listApps()) {
        const [left, right] = [await sqlite.versionsOf(app.packageName), await postgres.versionsOf(app.packageName)];
        assert.deepEqual(withoutIds(right), withoutIds(left));
        for (let index = 0; index < left.length; index += 1) {
          assert.deepEqual(await postgres.getScan(right[index]!.scanId), await sqlite.getScan(left[index]!.scanId));
          assert.deepEqual(
            withoutIds(await postgres.getScanInfo(right[index]!.scanId)),
            withoutIds(await sqlite.getScanInfo(left[index]!.scanId)),
          );
        }
      }
      assert.deepEqual(withoutIds(await postgres.errors()), withoutIds(await sqlite.errors()));
    });
  } finally {
    await sqlite.close();
    await postgres.close();
  }
});
