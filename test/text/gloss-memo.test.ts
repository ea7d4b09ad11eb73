/**
 * englishGloss's fast path and memo: the same gloss as the slow path for every
 * kind of text, nothing glossable below U+0400, and the memo stays bounded.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  englishGloss,
  englishGlossUncached,
  GLOSS_MEMO_ENTRIES,
  glossMemoSize,
  mayGloss,
} from '../../src/text/annotate.js';
import { MAX_GLOSS_INPUT } from '../../src/text/index.js';

describe('englishGloss fast path and memo', () => {
  const texts = [
    '',
    'Location',
    'version 5',
    'Café crème',
    'Ünïcödé ßtraße',
    '请输入您的身份证号码',
    '是否使用VPN',
    'Паспорт',
    'паспорта гражданина',
    'پاسپورت',
    'ئىسىم',
    'Visa alla',
    '𠀀𠀁 身份证',
    'Ελληνικά',
    'שלום',
    'abc\u03a9',
    `${'a'.repeat(MAX_GLOSS_INPUT)}身份证`,
    '身份证'.repeat(400),
    `${'x'.repeat(600)}护照`,
  ];
  test('same result as the uncached path, twice (second from the memo)', () => {
    for (const text of texts) {
      const expected = englishGlossUncached(text);
      assert.equal(englishGloss(text), expected, text.slice(0, 40));
      assert.equal(englishGloss(text), expected, `${text.slice(0, 40)} (memo)`);
    }
  });

  test('no text whose glossed prefix stays below U+0400 has a gloss', () => {
    for (let unit = 0; unit < 0x400; unit++) {
      const character = String.fromCharCode(unit);
      for (const text of [character, `a${character}b`, `${character} word`]) {
        assert.equal(mayGloss(text), false);
        assert.equal(englishGlossUncached(text), undefined, `U+${unit.toString(16)}`);
      }
    }
    assert.equal(mayGloss(`${'a'.repeat(MAX_GLOSS_INPUT)}身份证`), false, 'only the glossed prefix counts');
    assert.equal(mayGloss('Паспорт'), true);
  });

  test('the memo is bounded', () => {
    for (let index = 0; index < GLOSS_MEMO_ENTRIES + 100; index++) englishGloss(`身份证 ${index}`);
    assert.ok(glossMemoSize() <= GLOSS_MEMO_ENTRIES, `${glossMemoSize()} entries`);
    assert.ok(glossMemoSize() > 0);
  });
});
