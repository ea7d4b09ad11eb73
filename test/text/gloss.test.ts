/**
 * CC-CEDICT gloss: loading, longest-match segmentation, mixed scripts,
 * bounds on hostile input, the Russian/Uyghur glossary, and the parser on
 * hand-written dictionary text. The dictionary is read once for the file, by its owner.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ATTRIBUTION,
  cedictPath,
  Dictionaries,
  gloss as glossWith,
  MAX_GLOSS_INPUT,
  parseDictionary,
  segment as segmentWith,
} from '../../src/text/index.js';
import { OWN_GLOSSES, PREFERRED_SENSES } from '../../src/text/gloss-overrides.js';

const dictionaries = new Dictionaries();
const loadDictionary = () => dictionaries.cedict();
const gloss = (text: string) => glossWith(text, loadDictionary());
const segment = (text: string) => segmentWith(text, loadDictionary());

describe('CC-CEDICT dictionary', () => {
  test('loads the bundled CC-CEDICT once per owner, within time and memory bounds', (t) => {
    const started = performance.now();
    const dictionary = loadDictionary();
    const again = loadDictionary();
    assert.equal(dictionary, again, 'loaded once');
    const { lines, milliseconds, heapBytes } = dictionary.statistics;
    t.diagnostic(
      `CC-CEDICT: ${lines} lines, ${dictionary.size} headwords, ${milliseconds} ms, heap growth ${(heapBytes / 1e6).toFixed(1)} MB (first call ${Math.round(performance.now() - started)} ms)`,
    );
    // Independent count of entry lines in the file: non-comment lines with a [pinyin] and /senses/.
    const text = readFileSync(cedictPath(), 'utf8');
    const entryLines = text
      .split('\n')
      .filter((line) => !line.startsWith('#') && /^\S+ \S+ \[[^\]]*\] \/.*\//.test(line)).length;
    assert.equal(lines, entryLines);
    assert.ok(dictionary.size > lines, 'simplified and traditional headwords both indexed');
    assert.ok(milliseconds < 20_000, `load took ${milliseconds} ms`);
    assert.ok(heapBytes < 400e6, `heap grew by ${heapBytes} bytes`);
  });

  test('headwords from both scripts, pinyin and senses', () => {
    const dictionary = loadDictionary();
    const simplified = dictionary.lookup('身份证号码');
    const traditional = dictionary.lookup('身份證號碼');
    assert.equal(simplified?.pinyin, 'shen1 fen4 zheng4 hao4 ma3');
    assert.deepEqual(simplified, traditional);
    assert.match(simplified.senses[0] ?? '', /I\.D\. number/);
    assert.equal(dictionary.lookup('不是一个词语啊'), undefined);
  });

  const parserCases: Array<{
    name: string;
    source: string;
    headword: string;
    expected: { pinyin: string; senses: string[] } | undefined;
  }> = [
    {
      name: 'module wrapper and comments',
      source: 'module.exports = `# CC-CEDICT\n#! version=1\n書 书 [shu1] /book/letter/\n`;',
      headword: '书',
      expected: { pinyin: 'shu1', senses: ['book', 'letter'] },
    },
    {
      name: 'traditional headword',
      source: '書 书 [shu1] /book/',
      headword: '書',
      expected: { pinyin: 'shu1', senses: ['book'] },
    },
    {
      name: 'weak senses after strong ones',
      source: '甲 甲 [jia3] /surname Jia/first of ten/armor/',
      headword: '甲',
      expected: { pinyin: 'jia3', senses: ['first of ten', 'armor', 'surname Jia'] },
    },
    {
      name: 'common reading before proper noun',
      source: '新 新 [Xin1] /abbr. for Xinjiang/\n新 新 [xin1] /new/newly/',
      headword: '新',
      expected: { pinyin: 'xin1', senses: ['new', 'newly', 'abbr. for Xinjiang'] },
    },
    {
      name: 'at most three senses',
      source: '打 打 [da3] /a/b/c/d/e/',
      headword: '打',
      expected: { pinyin: 'da3', senses: ['a', 'b', 'c'] },
    },
    { name: 'line without pinyin is skipped', source: '坏 坏 /broken/', headword: '坏', expected: undefined },
    { name: 'line without senses is skipped', source: '坏 坏 [huai4]', headword: '坏', expected: undefined },
    {
      name: 'tab in a sense does not break the packing',
      source: '表 表 [biao3] /a\tb/c/',
      headword: '表',
      expected: { pinyin: 'biao3', senses: ['a b', 'c'] },
    },
  ];
  for (const { name, source, headword, expected } of parserCases) {
    test(`parser: ${name}`, () => {
      const entry = parseDictionary(source).lookup(headword);
      assert.deepEqual(entry === undefined ? undefined : { pinyin: entry.pinyin, senses: [...entry.senses] }, expected);
    });
  }
});

describe('segmentation and gloss', () => {
  const segmentationCases: Array<{ text: string; words: string[] }> = [
    { text: '身份证号码', words: ['身份证号码'] },
    { text: '请输入您的身份证号码', words: ['请', '输入', '您', '的', '身份证号码'] },
    { text: '是否使用VPN', words: ['是否', '使用', 'VPN'] },
    { text: '例如 新A 12345', words: ['例如', ' ', '新', 'A', ' ', '12345'] },
    { text: '伊斯兰教', words: ['伊斯兰教'] },
    { text: '', words: [] },
    // Astral Han characters (CJK Extension G) are one character each, never split surrogates.
    { text: '𰻝𰻝面', words: ['𰻝𰻝面'] },
    // Headwords that start with Latin letters: CC-CEDICT's TF卡, the override table's SIM卡.
    { text: '读取SIM卡信息', words: ['读取', 'SIM卡', '信息'] },
    { text: '插入TF卡', words: ['插入', 'TF卡'] },
    { text: 'ASIM卡', words: ['ASIM', '卡'] },
    { text: 'SIM 卡', words: ['SIM', ' ', '卡'] },
    // The override table's words are words: 机主 is not 机 | 主.
    { text: '请输入机主身份证号', words: ['请', '输入', '机主', '身份证号'] },
    { text: '重点人员名单', words: ['重点人员', '名单'] },
    // Backward matching reads fewer words where forward matching glues the wrong pair.
    { text: '正在检测手机联系人', words: ['正在', '检测', '手机', '联系人'] },
  ];
  for (const { text, words } of segmentationCases) {
    test(`segments ${JSON.stringify(text)}`, () => {
      assert.deepEqual(
        segment(text).map((piece) => piece.text),
        words,
      );
      assert.equal(
        segment(text)
          .map((piece) => piece.text)
          .join(''),
        text,
        'segments cover the input exactly',
      );
    });
  }

  const glossCases: Array<{ text: string; english: RegExp; glossed: boolean }> = [
    { text: '身份证号码', english: /^I\.D\. number$/, glossed: true },
    { text: '请输入您的身份证号码', english: /^please \| to input \| you \| of \| I\.D\. number$/, glossed: true },
    { text: '车牌号', english: /^vehicle license plate \| number designation$/, glossed: true },
    { text: '是否使用VPN', english: /whether \| to use \| VPN/, glossed: true },
    { text: '伊斯兰教', english: /^Islam$/, glossed: true },
    { text: 'Field Survey', english: /^Field \| Survey$/, glossed: false },
    { text: '', english: /^$/, glossed: false },
    { text: 'Вероисповедание', english: /religious denomination/, glossed: true },
    { text: 'Номер удостоверения личности', english: /^number \| identity certificate \| of identity$/, glossed: true },
    { text: 'كىملىك نومۇرى', english: /^identity card \| number/, glossed: true },
    { text: 'مەسچىتكە', english: /mosque/, glossed: true },
    { text: '<script>alert(1)</script>', english: /script/, glossed: false },
    // The override table (docs/gloss.md): the common sense, and words CC-CEDICT lacks.
    { text: 'SIM卡', english: /^SIM card$/, glossed: true },
    { text: '机主', english: /^owner of the phone$/, glossed: true },
    { text: '机主姓名', english: /^owner of the phone \| surname and given name$/, glossed: true },
    { text: '请上传文件', english: /^please \| to upload \| file$/, glossed: true },
    { text: '户口', english: /^registered residence$/, glossed: true },
    { text: '可疑人员', english: /^suspicious \| personnel$/, glossed: true },
    { text: '重点人员', english: /^key persons$/, glossed: true },
    { text: '涉恐', english: /^terrorism-related$/, glossed: true },
    { text: '涉稳', english: /^stability-related$/, glossed: true },
    { text: '身份证号', english: /^ID card number$/, glossed: true },
  ];
  for (const { text, english, glossed } of glossCases) {
    test(`gloss ${JSON.stringify(text)}`, () => {
      const result = gloss(text);
      assert.match(result.english, english);
      assert.equal(result.glossed, glossed);
      assert.equal(result.truncated, false);
    });
  }

  test('segments carry pinyin and senses; unknown characters stay as written', () => {
    const result = gloss('身份证号码');
    assert.deepEqual(
      result.segments.map((piece) => [piece.text, piece.pinyin]),
      [['身份证号码', 'shen1 fen4 zheng4 hao4 ma3']],
    );
    const unknown = gloss('\u{3400}\u{9FFF}'); // CJK Extension A first char, and the last URO code point (unassigned words)
    assert.ok(unknown.segments.every((piece) => piece.text.length > 0));
  });

  test('very long input is bounded (a hostile 1,000,000-character string)', () => {
    const started = performance.now();
    const result = gloss('身'.repeat(1_000_000));
    const elapsed = performance.now() - started;
    assert.equal(result.truncated, true);
    assert.ok(result.segments.reduce((sum, piece) => sum + piece.text.length, 0) <= MAX_GLOSS_INPUT);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });

  test("the override table: every row names a source; preferred senses are CC-CEDICT's own; own glosses are words CC-CEDICT lacks", () => {
    const dictionary = loadDictionary();
    for (const [word, { sense, source }] of PREFERRED_SENSES) {
      assert.ok(source.length > 0, word);
      assert.ok(
        dictionary.lookup(word)?.senses.some((entry) => entry.startsWith(sense)),
        `${word}: "${sense}" is a CC-CEDICT sense`,
      );
      assert.ok(dictionary.lookup(word)?.senses[0]?.startsWith(sense), `${word}: shown first`);
    }
    for (const [word, own] of OWN_GLOSSES) {
      assert.ok(own.source.length > 0 && own.pinyin.length > 0 && own.english.length > 0, word);
      assert.equal(dictionary.has(word), false, `${word} is in CC-CEDICT: prefer its sense instead`);
    }
  });

  test('attribution names CC-CEDICT and CC BY-SA 4.0', () => {
    assert.match(ATTRIBUTION, /CC-CEDICT/);
    assert.match(ATTRIBUTION, /CC BY-SA 4\.0/);
    assert.match(ATTRIBUTION, /creativecommons\.org\/licenses\/by-sa\/4\.0/);
  });
});
