/**
 * CC-CEDICT's lazy index (line starts bucketed by the headwords' first code unit,
 * a bucket indexed on its first lookup) finds exactly the lines a full index would:
 * the same lines in file order for simplified and traditional headwords, on
 * hand-written edge cases and on a sample of the bundled dictionary.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cedictPath, parseDictionary } from '../../src/text/index.js';

const ENTRY = /^(\S+) (\S*) \[[^\]]*\] \/.*\//;

describe('CC-CEDICT lazy buckets', () => {
  test('edge cases: same first unit, different first unit, repeated headwords, astral and empty headwords', () => {
    const source = [
      '書 书 [shu1] /book/',
      '號碼 号码 [hao4 ma3] /number/',
      '號 号 [hao4] /number/',
      '號 号 [hao2] /to wail/',
      '学 學 [xue2] /to learn/',
      '𰻝 𰻝 [biang2] /biang/',
      'x  [x] /empty simplified/',
      '一 一 [yi1] /one/',
    ].join('\n');
    const dictionary = parseDictionary(source);
    assert.deepEqual(dictionary.lookup('号')?.senses, ['number', 'to wail']);
    assert.deepEqual(dictionary.lookup('號')?.senses, ['number', 'to wail']);
    assert.deepEqual(dictionary.lookup('学')?.senses, ['to learn']);
    assert.deepEqual(dictionary.lookup('學')?.senses, ['to learn']);
    assert.equal(dictionary.has('号码'), true);
    assert.equal(dictionary.has('號碼'), true);
    assert.equal(dictionary.has('𰻝'), true);
    assert.equal(dictionary.has(''), true);
    assert.equal(dictionary.has('号码号'), false);
    assert.equal(dictionary.size, 12);
  });

  test('a sample of the bundled dictionary: each headword finds exactly its lines, in file order', () => {
    const text = readFileSync(cedictPath(), 'utf8');
    const dictionary = parseDictionary(text);
    const lines = text.split('\n').filter((line) => !line.startsWith('#') && ENTRY.test(line));
    const linesOf = new Map<string, string[]>();
    for (const line of lines) {
      const [, traditional, simplified] = ENTRY.exec(line)!;
      for (const headword of new Set([simplified!, traditional!]))
        linesOf.set(headword, [...(linesOf.get(headword) ?? []), line]);
    }
    let checked = 0;
    for (const [headword, own] of linesOf) {
      if (checked++ % 97 !== 0) continue;
      // A dictionary of only this headword's lines is the reference (no bucketing to get wrong).
      assert.deepEqual(dictionary.lookup(headword), parseDictionary(own.join('\n')).lookup(headword), headword);
      assert.equal(dictionary.has(`${headword}不是词`), linesOf.has(`${headword}不是词`));
    }
    assert.ok(checked > 100_000);
    assert.equal(dictionary.size, linesOf.size);
  });
});
