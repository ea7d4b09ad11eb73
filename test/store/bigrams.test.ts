/**
 * The two-character index terms: pairs with a CJK character, lower case,
 * never across whitespace; which queries use them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigramsOf, isBigramQuery } from '../../src/store/bigrams.js';

test('bigrams of a string', () => {
  const cases: Array<{ name: string; text: string; grams: string[] }> = [
    { name: 'Chinese word', text: '宗教信仰', grams: ['宗教', '教信', '信仰'] },
    { name: 'pure ASCII gives none', text: 'religion', grams: [] },
    { name: 'Latin with accents gives none', text: 'religión', grams: [] },
    { name: 'mixed script keeps pairs touching non-ASCII', text: 'ID证号', grams: ['d证', '证号'] },
    { name: 'not across whitespace', text: '宗 教', grams: [] },
    { name: 'Cyrillic is not indexed (LIKE answers it)', text: 'ИД', grams: [] },
    { name: 'Japanese kana and Korean', text: 'カナ한국', grams: ['カナ', 'ナ한', '한국'] },
    { name: 'full-width Latin next to Han, lower case', text: 'Ａ证', grams: ['ａ证'] },
    { name: 'astral characters stay whole (surrogate pairs)', text: '𠀀𠀁', grams: ['𠀀𠀁'] },
    { name: 'repeated pair once', text: '民族民族', grams: ['民族', '族民'] },
    { name: 'empty', text: '', grams: [] },
  ];
  for (const item of cases) assert.deepEqual([...bigramsOf(item.text)].sort(), [...item.grams].sort(), item.name);
});

test('queries answered from the bigram index', () => {
  const cases: Array<[string, boolean]> = [
    ['宗教', true],
    ['ид', false],
    ['id', false],
    ['宗', false],
    ['宗教信', false],
    ['宗 ', false],
  ];
  for (const [query, expected] of cases) assert.equal(isBigramQuery(query), expected, query);
});
