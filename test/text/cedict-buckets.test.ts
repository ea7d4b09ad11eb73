/**
 * CC-CEDICT's lazy index (line starts bucketed by the headwords' first code unit,
 * a bucket indexed on its first lookup) finds exactly the lines a full index would:
 * the same lines in file order for simplified and traditional headwords, on
 * hand-written edge cases and on a sample of the bundled dictionary.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cedictPath, parseDictionary, readDictionary } from '../../src/text/index.js';

const ENTRY = /^(\S+) (\S*) \[[^\]]*\] \/.*\//;

/** A full collection, twice a turn apart: array buffers are freed after a sweep, finalizers in a later turn. */
async function settle(): Promise<void> {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  await new Promise((resolve) => setImmediate(resolve));
}

/** Descriptors this process holds open on the bundled dictionary file. */
function openDictionaryFiles(): number {
  const target = realpathSync(cedictPath());
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === target;
    } catch {
      return false;
    }
  }).length;
}

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

  test('a line longer than the index pass reads at a time, and lines across its reads', () => {
    const long = `${'长'.repeat(100)} ${'长'.repeat(100)} [chang2] /${'x'.repeat(600_000)}/`;
    const filler = Array.from({ length: 20_000 }, (_, index) => `字${index} 字${index} [zi4] /character ${index}/`);
    const dictionary = parseDictionary([...filler, long, '书 书 [shu1] /book/', ...filler].join('\n'));
    assert.equal(dictionary.lookup('书')?.senses[0], 'book');
    assert.equal(dictionary.lookup('长'.repeat(100))?.senses[0]?.length, 600_000);
    assert.equal(dictionary.lookup('字12345')?.senses[0], 'character 12345');
    assert.equal(dictionary.statistics.lines, 40_002);
  });

  test('a sample of the bundled dictionary: each headword finds exactly its lines, in file order', () => {
    const text = readFileSync(cedictPath(), 'utf8');
    const dictionary = parseDictionary(text);
    const fromFile = readDictionary();
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
      assert.deepEqual(fromFile.lookup(headword), dictionary.lookup(headword), headword);
      assert.equal(dictionary.has(`${headword}不是词`), linesOf.has(`${headword}不是词`));
    }
    assert.ok(checked > 100_000);
    assert.equal(dictionary.size, linesOf.size);
  });

  test('the bundled dictionary is read by position: its text is not kept in memory', async () => {
    const settledArrayBuffers = async (): Promise<number> => {
      await settle();
      return process.memoryUsage().arrayBuffers;
    };
    const aliveWithDictionary = async (): Promise<number> => {
      const dictionary = readDictionary();
      assert.match(dictionary.lookup('身份证')?.senses[0] ?? '', /identity card/i);
      const alive = await settledArrayBuffers();
      assert.ok(dictionary.size > 0);
      return alive;
    };
    const kept = (await aliveWithDictionary()) - (await settledArrayBuffers());
    const fileBytes = readFileSync(cedictPath()).length;
    // Positions and headwords of 125k lines (about 5 MB) stay; the 9.7 MB of text does not.
    assert.ok(
      kept > 0 && kept < fileBytes * 0.75,
      `${kept} bytes of array buffers kept for a ${fileBytes}-byte dictionary`,
    );
  });

  test(
    'the file stays open while the dictionary can read it, and is closed after',
    { skip: !existsSync('/proc/self/fd') },
    async () => {
      const before = openDictionaryFiles();
      const readOnce = (): void => {
        const dictionary = readDictionary();
        assert.equal(dictionary.lookup('书')?.senses[0], 'book');
        assert.equal(openDictionaryFiles(), before + 1);
      };
      readOnce();
      await settle();
      assert.equal(openDictionaryFiles(), before);
    },
  );
});
