/**
 * Glosser.englishGloss's fast path and memo: the same gloss as the slow path for every
 * kind of text, nothing glossable below U+0400, the memo stays bounded and belongs to its
 * glosser (two glossers share nothing but their dictionaries).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { englishGlossUncached, GLOSS_MEMO_ENTRIES, Glosser, mayGloss } from '../../src/text/annotate.js';
import { Dictionaries, gloss, MAX_GLOSS_INPUT } from '../../src/text/index.js';

const dictionaries = new Dictionaries();

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
    const glosser = new Glosser(dictionaries);
    for (const text of texts) {
      const expected = englishGlossUncached(text, dictionaries);
      assert.equal(glosser.englishGloss(text), expected, text.slice(0, 40));
      assert.equal(glosser.englishGloss(text), expected, `${text.slice(0, 40)} (memo)`);
    }
  });

  test('no text whose glossed prefix stays below U+0400 has a gloss', () => {
    for (let unit = 0; unit < 0x400; unit++) {
      const character = String.fromCharCode(unit);
      for (const text of [character, `a${character}b`, `${character} word`]) {
        assert.equal(mayGloss(text), false);
        assert.equal(englishGlossUncached(text, dictionaries), undefined, `U+${unit.toString(16)}`);
      }
    }
    assert.equal(mayGloss(`${'a'.repeat(MAX_GLOSS_INPUT)}身份证`), false, 'only the glossed prefix counts');
    assert.equal(mayGloss('Паспорт'), true);
  });

  test('the memo is bounded', () => {
    const glosser = new Glosser(dictionaries);
    for (let index = 0; index < GLOSS_MEMO_ENTRIES + 100; index++) glosser.englishGloss(`身份证 ${index}`);
    assert.ok(glosser.memoSize <= GLOSS_MEMO_ENTRIES, `${glosser.memoSize} entries`);
    assert.ok(glosser.memoSize > 0);
  });

  test("the memo is its glosser's: another glosser starts empty, the dictionaries are shared", () => {
    const first = new Glosser(dictionaries);
    const second = new Glosser(dictionaries);
    assert.equal(first.englishGloss('身份证号码'), second.englishGloss('身份证号码'));
    first.englishGloss('护照');
    assert.equal(first.memoSize, 2);
    assert.equal(second.memoSize, 1);
    assert.equal(first.dictionaries.cedict(), second.dictionaries.cedict(), 'CC-CEDICT read once per owner');
    assert.notEqual(new Dictionaries().cedict(), dictionaries.cedict(), 'each Dictionaries reads its own');
  });
});

/** Dictionaries that count how often CC-CEDICT is asked for. */
class CountingDictionaries extends Dictionaries {
  reads = 0;
  override cedict(): ReturnType<Dictionaries['cedict']> {
    this.reads += 1;
    return super.cedict();
  }
}

describe('CC-CEDICT is read only for text with a Han character', () => {
  const withDictionary = (text: string): string | undefined => {
    const result = gloss(text, dictionaries.cedict());
    return result.glossed ? result.english + (result.truncated ? ' …' : '') : undefined;
  };
  const cases: ReadonlyArray<{ text: string; reads: boolean }> = [
    { text: 'Паспорт', reads: false },
    { text: 'паспорта гражданина', reads: false },
    { text: 'پاسپورت', reads: false },
    { text: 'ئىسىم', reads: false },
    { text: 'Ελληνικά', reads: false },
    { text: `Паспорт ${'x'.repeat(MAX_GLOSS_INPUT)}身份证`, reads: false },
    { text: '请输入您的身份证号码', reads: true },
    { text: 'Паспорт 护照', reads: true },
    { text: '是否使用VPN', reads: true },
    { text: '𠀀𠀁', reads: true },
  ];
  for (const { text, reads } of cases)
    test(`${text.slice(0, 24)}: ${reads ? 'read' : 'not read'}, the same gloss as with the dictionary`, () => {
      const counting = new CountingDictionaries();
      assert.equal(englishGlossUncached(text, counting), withDictionary(text));
      assert.equal(counting.reads > 0, reads);
    });
});
