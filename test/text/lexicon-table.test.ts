/**
 * The lexicon's ASCII transition table (failure links folded in) gives the same
 * matches, in the same order, as the textbook goto/failure-link walk: on every
 * term, on terms run together (failure links taken), on mixed scripts and case,
 * and on seeded random text drawn from the terms' own letters.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LEXICON, matchLexicon, MAX_MATCH_LENGTH } from '../../src/text/index.js';
import { matchLexiconByFailureLinks } from '../../src/text/lexicon.js';

function same(text: string): void {
  const fast = matchLexicon(text).map((match) => [LEXICON.indexOf(match.entry), match.start, match.end]);
  const slow = matchLexiconByFailureLinks(text).map((match) => [LEXICON.indexOf(match.entry), match.start, match.end]);
  assert.deepEqual(fast, slow, JSON.stringify(text.slice(0, 80)));
}

describe('lexicon ASCII table', () => {
  test('every term alone, upper-cased, inside a sentence, and all terms run together', () => {
    for (const entry of LEXICON) {
      same(entry.term);
      same(entry.term.toUpperCase());
      same(`Please enter your ${entry.term}s, (${entry.term}) and_${entry.term}-x`);
    }
    same(LEXICON.map((entry) => entry.term).join(''));
    same(LEXICON.map((entry) => entry.term).join(' '));
  });

  test("seeded random text from the terms' letters (failure links at every depth)", () => {
    const letters = [...new Set(LEXICON.flatMap((entry) => [...entry.term]))].join('') + ' _-.,ÄÖé';
    let seed = 42;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let sample = 0; sample < 3000; sample++) {
      const length = 1 + Math.floor(random() * 60);
      let text = '';
      for (let index = 0; index < length; index++) {
        // Mostly pieces of real terms, so that the walk goes deep and fails often.
        if (random() < 0.3) {
          const term = LEXICON[Math.floor(random() * LEXICON.length)]!.term;
          text += term.slice(0, 1 + Math.floor(random() * term.length));
        } else text += letters[Math.floor(random() * letters.length)]!;
      }
      same(text);
    }
  });

  test('bounds are the same: long text and many matches', () => {
    same('location '.repeat(2000));
    same(`${'x'.repeat(MAX_MATCH_LENGTH - 3)}location`);
  });
});
