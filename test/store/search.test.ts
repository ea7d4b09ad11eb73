/**
 * Library search: Chinese terms of two characters (LIKE path) and four (trigram index),
 * ASCII, filters, and query text that is FTS5 or LIKE syntax used as a trick.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary, snippetAround, type Library } from '../../src/store/index.js';
import { renderClaim } from '../../src/report/claim.js';
import { demoPath, hostileStringsPath, reportOf, sha256Of, temporaryFolder } from './support.js';

const DEMO = 'org.apkwitness.demo.fieldsurvey';

function libraryWithDemoAndHostile(): Library {
  const library = openLibrary(join(temporaryFolder(), 'search.sqlite'));
  library.writeScan({ report: reportOf(demoPath), inputSha256: sha256Of(demoPath), fileName: 'field-survey.apk' });
  library.writeScan({
    report: reportOf(hostileStringsPath),
    inputSha256: sha256Of(hostileStringsPath),
    fileName: 'hostile-strings.apk',
    appStrings: [{ source: 'resource', text: '100% 真实_姓名 "quoted" NEAR(a b) *star' }],
  });
  return library;
}

const library = libraryWithDemoAndHostile();
const hostilePackage = reportOf(hostileStringsPath).app.packageName ?? '';

test('search finds terms in any script, of two characters and more', () => {
  const cases: Array<{ name: string; query: string; package: string; textIncludes: string }> = [
    {
      name: 'two Chinese characters (below the trigram length: LIKE)',
      query: '宗教',
      package: DEMO,
      textIncludes: '宗教',
    },
    { name: 'four Chinese characters (trigram index)', query: '身份证号', package: DEMO, textIncludes: '身份证号' },
    { name: 'a host name', query: 'survey.example.org', package: DEMO, textIncludes: 'survey.example.org' },
    { name: 'Cyrillic', query: 'Вероисповедание', package: DEMO, textIncludes: 'Вероисповедание' },
    { name: 'ASCII in another case than stored', query: 'FIELD SURVEY', package: DEMO, textIncludes: 'Field Survey' },
    {
      name: 'a percent sign (LIKE wildcard) taken literally',
      query: '0%',
      package: hostilePackage,
      textIncludes: '100%',
    },
    {
      name: 'an underscore (LIKE wildcard) taken literally',
      query: '实_姓',
      package: hostilePackage,
      textIncludes: '真实_姓名',
    },
    {
      name: 'double quotes (FTS5 string syntax)',
      query: '"quoted"',
      package: hostilePackage,
      textIncludes: '"quoted"',
    },
    { name: 'an FTS5 operator as text', query: 'NEAR(a b)', package: hostilePackage, textIncludes: 'NEAR(a b)' },
    { name: 'a star (FTS5 prefix syntax)', query: '*star', package: hostilePackage, textIncludes: '*star' },
  ];
  for (const item of cases) {
    const { hits } = library.search(item.query);
    assert.ok(hits.length > 0, `${item.name}: no hit`);
    for (const hit of hits)
      assert.ok(hit.text.toLowerCase().includes(item.query.toLowerCase()), `${item.name}: ${hit.text}`);
    assert.ok(
      hits.some((hit) => hit.packageName === item.package && hit.text.includes(item.textIncludes)),
      item.name,
    );
  }
});

test('a hit names the app, version and finding, with a snippet around the match', () => {
  const hit = library.search('宗教').hits.find((item) => item.finding?.category === 'religion');
  assert.ok(hit);
  assert.equal(hit.packageName, DEMO);
  assert.equal(hit.versionName, '1.2.0');
  assert.equal(hit.fileName, 'field-survey.apk');
  // The hit points at the report's own finding (its position in report.findings).
  const cited = reportOf(demoPath).findings[hit.finding!.ordinal]!;
  assert.deepEqual(
    [hit.finding!.ruleId, hit.finding!.code, hit.finding!.claim],
    [cited.ruleId, cited.code, renderClaim(cited)],
  );
  assert.ok(JSON.stringify(cited.args).includes('宗教'));
  assert.equal(hit.snippet.slice(hit.matchStart, hit.matchStart + hit.matchLength), '宗教');
  const label = library.search('入户走访').hits;
  assert.ok(label.some((item) => item.source === 'label:zh-rCN' && item.finding === undefined));
});

test('terms that are nowhere give no hits; blank queries give none', () => {
  for (const query of ['民族宗教事务局不存在', 'zz', '', '   ', '%', '_']) {
    const { hits } = library.search(query);
    if (query.trim() === '') assert.deepEqual(hits, []);
    else if (query === '%' || query === '_')
      assert.ok(
        hits.every((hit) => hit.text.includes(query)),
        `${query} is literal`,
      );
    else assert.deepEqual(hits, [], query);
  }
});

test('filters: category, endpoint (exact, subdomain, IP prefix), signer, sdk, package; limit', () => {
  assert.ok(library.search('survey', { category: 'religion' }).hits.length > 0);
  assert.deepEqual(library.search('survey', { category: 'no-such-category' }).hits, []);
  assert.ok(library.search('宗教', { endpoint: 'survey.example.org' }).hits.length > 0);
  assert.ok(
    library.search('宗教', { endpoint: 'example.org' }).hits.length > 0,
    'a parent domain matches its subdomains',
  );
  assert.deepEqual(library.search('宗教', { endpoint: 'ample.org' }).hits, [], 'a partial label does not');
  const signer = reportOf(demoPath).app.signers[0]!.certificateSha256;
  assert.ok(library.search('宗教', { signer: signer.slice(0, 12).toUpperCase() }).hits.length > 0);
  assert.throws(() => library.search('宗教', { signer: 'ab' }), RangeError);
  assert.deepEqual(library.search('宗教', { sdk: 'no such sdk' }).hits, []);
  assert.deepEqual(library.search('宗教', { packageName: hostilePackage }).hits, []);
  const limited = library.search('survey', { limit: 2 });
  assert.equal(limited.hits.length, 2);
  assert.equal(limited.truncated, true);
  assert.equal(library.search('宗教', { limit: 1000 }).truncated, false);
});

test('snippets are cut around the match with ellipses', () => {
  const long = `${'a'.repeat(200)}宗教${'b'.repeat(200)}`;
  const { snippet, matchStart, matchLength } = snippetAround(long, '宗教');
  assert.ok(snippet.startsWith('…') && snippet.endsWith('…'));
  assert.equal(snippet.slice(matchStart, matchStart + matchLength), '宗教');
  assert.ok(snippet.length < 120);
});

test('trigram index without positions: every candidate is checked for the whole term', () => {
  // The index (detail=none) only says which texts hold every trigram of a term; these
  // texts hold the trigrams of the term in another order, or apart.
  const long = 'Ваше вероисповедание и национальность указываются в анкете участника';
  const shuffled = 'сть указываются в анкете участника. Ваше вероисповедание и национально';
  const trap = openLibrary(join(temporaryFolder(), 'trigram-traps.sqlite'));
  trap.writeScan({
    report: reportOf(demoPath),
    inputSha256: 'c'.repeat(64),
    fileName: 'traps.apk',
    appStrings: [
      { source: 'resource', text: 'abcXbcd' },
      { source: 'resource', text: 'xx bcdabc yy' },
      { source: 'resource', text: 'real abcd here' },
      { source: 'resource', text: 'ЖИРАФ В ЗООПАРКЕ' },
      { source: 'resource', text: long },
      { source: 'resource', text: shuffled },
      { source: 'resource', text: 'aaaa' },
      { source: 'resource', text: 'aaab' },
    ],
  });
  const cases: Array<{ name: string; query: string; texts: string[] }> = [
    { name: 'both trigrams present, not adjacent', query: 'abcd', texts: ['real abcd here'] },
    { name: 'Cyrillic in another case (LIKE folds ASCII only)', query: 'жираф в', texts: ['ЖИРАФ В ЗООПАРКЕ'] },
    { name: 'a term with more trigrams than are queried, against the same words rotated', query: long, texts: [long] },
    { name: 'a repeated trigram', query: 'aaaa', texts: ['aaaa'] },
  ];
  for (const item of cases) {
    const texts = trap
      .search(item.query, { limit: 1000, packageName: DEMO })
      .hits.map((hit) => hit.text)
      .filter((text, index, all) => all.indexOf(text) === index);
    assert.deepEqual(
      texts.filter((text) => !text.includes('宗教')),
      item.texts,
      item.name,
    );
  }
  trap.close();
});
