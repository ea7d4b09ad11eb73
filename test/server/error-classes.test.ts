/**
 * Viewer answers: search hits in words with a link to the finding. Errors classified by type: a filter the user got wrong is a 400; V8's own
 * RangeError (a stack overflow) and anything else is a bug of ours, left to the HTTP layer,
 * which logs it and answers 500.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewerHandler } from '../../src/server/routes.js';
import { InvalidFilterError, sqliteCaseLibrary, type CaseLibrary } from '../../src/store/index.js';
import { buildFixtureLibrary, DEMO } from './library-fixture.js';

/** A library whose every answer rejects with `error`, as the PostgreSQL one does. */
function libraryThrowing(error: Error): CaseLibrary {
  const fail = () => Promise.reject(error);
  return new Proxy(Object.create(null) as CaseLibrary, { get: () => fail });
}

const home = { path: '/', query: new URLSearchParams() };

test('a malformed filter is a 400 with its message', async () => {
  const response = await viewerHandler(libraryThrowing(new InvalidFilterError('signer filter needs hex digits')))(home);
  assert.equal(response.status, 400);
  assert.match(response.body, /signer filter needs hex digits/);
});

test('a stack overflow is not a bad request: it reaches the HTTP layer (logged 500)', async () => {
  let overflow: Error | undefined;
  const recurse = (depth: number): number => recurse(depth + 1) + 1;
  try {
    recurse(0);
  } catch (error) {
    overflow = error as Error;
  }
  assert.ok(overflow instanceof RangeError);
  await assert.rejects(viewerHandler(libraryThrowing(overflow))(home), RangeError);
});

test('search hits say where the text is in words and link to the finding itself', async () => {
  const fixture = buildFixtureLibrary([DEMO]);
  const library = sqliteCaseLibrary(fixture.library);
  try {
    const response = await viewerHandler(library)({ path: '/search', query: new URLSearchParams({ q: '宗教' }) });
    assert.equal(response.status, 200);
    const rows = response.body.split('<tr class="hit">').slice(1);
    assert.ok(rows.length > 0, 'the demo app names 宗教 (religion)');
    assert.doesNotMatch(response.body, /arg:|>claim:</);
    assert.ok(
      rows.some((row) => /href="\/scan\/\d+#f-\d+"/.test(row)),
      'a hit links to its finding',
    );
    assert.ok(
      rows.every((row) => /in (the finding(&#39;|')s|the app(&#39;|')s|a string resource|a resource value)/.test(row)),
    );
  } finally {
    fixture.dispose();
  }
});
