import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink } from '../diagnostics.js';
import { readStringPool } from './string-pool.js';
import { stringPool, u32 } from '../../../test/axml/builder.js';

function read(bytes: number[] | Uint8Array, base = 0) {
  const sink = new DiagnosticSink();
  const pool = readStringPool(new ByteReader(Uint8Array.from(bytes), base), sink);
  return { pool, sink };
}
const all = (pool: ReturnType<typeof read>['pool']) =>
  Array.from({ length: pool.count }, (_, index) => pool.get(index));

describe('readStringPool: valid pools', () => {
  const long = 'x'.repeat(300);
  const cases: Array<{ name: string; strings: string[]; utf8: boolean }> = [
    { name: 'UTF-16, ASCII', strings: ['manifest', '', 'package'], utf8: false },
    { name: 'UTF-16, CJK and astral', strings: ['酒店', 'a\u{1F600}b'], utf8: false },
    { name: 'UTF-16, 2-unit length (> 0x7fff units)', strings: ['y'.repeat(0x8001)], utf8: false },
    { name: 'UTF-8, ASCII', strings: ['manifest', '', 'package'], utf8: true },
    { name: 'UTF-8, 2-byte lengths (> 127)', strings: [long, 'é'.repeat(200)], utf8: true },
    { name: 'UTF-8, CJK and astral', strings: ['酒店预订', 'a\u{1F600}b'], utf8: true },
  ];
  for (const { name, strings, utf8 } of cases) {
    test(name, () => {
      const { pool, sink } = read(stringPool(strings, { utf8 }), 100);
      assert.equal(pool.isUtf8, utf8);
      assert.equal(pool.count, strings.length);
      assert.equal(pool.offset, 100);
      assert.deepEqual(all(pool), strings);
      assert.equal(pool.androidRejection, undefined);
      assert.deepEqual(sink.diagnostics, []);
    });
  }
  test('indices outside the pool give undefined', () => {
    const { pool } = read(stringPool(['a']));
    assert.equal(pool.get(1), undefined);
    assert.equal(pool.get(-1), undefined);
    assert.equal(pool.get(0.5), undefined);
  });
  test('styles: spans with name index, first and last char, END-terminated', () => {
    const { pool, sink } = read(stringPool(['bold text', 'plain', 'b'], { styles: [[[2, 0, 3]], []] }), 0);
    assert.deepEqual(
      pool.styleOf(0)?.map(({ nameIndex, firstChar, lastChar }) => [nameIndex, firstChar, lastChar]),
      [[2, 0, 3]],
    );
    assert.deepEqual(pool.styleOf(1), []);
    assert.equal(pool.styleOf(2), undefined);
    assert.equal(pool.styleCount, 2);
    assert.deepEqual(sink.diagnostics, []);
  });
});

describe('readStringPool: anomalies', () => {
  test('invalid UTF-8 is decoded as libutils does and reported', () => {
    // 0xC3 0x28: a lead byte followed by a non-continuation byte; libutils masks it into one code point.
    const { pool, sink } = read(
      stringPool(['ab'], { utf8: true, rawUtf8: new Map([[0, Uint8Array.from([0xc3, 0x28])]]) }),
    );
    // utf16 length 2 declared, libutils counts one unit: Android refuses the string.
    assert.equal(pool.get(0), undefined);
    const second = read(stringPool(['a'], { utf8: true, rawUtf8: new Map([[0, Uint8Array.from([0xc3, 0x28])]]) }));
    assert.equal(second.pool.get(0), String.fromCharCode(((0xc3 & 0x1f) << 6) | (0x28 & 0x3f)));
    assert.ok(second.sink.diagnostics.some((d) => d.code === 'res.string-invalid-utf8'));
    assert.ok(sink.diagnostics.some((d) => d.code === 'res.string-unreadable'));
  });
  test("fast paths (ASCII via latin1, UTF-16 via utf16le) give the general decoder's text and checks", () => {
    // ASCII with a wrong declared UTF-16 length is refused exactly as the general UTF-8 path refuses it.
    const { pool, sink } = read(
      stringPool(['abc', 'plain', 'mixé'], { utf8: true, rawUtf8: new Map([[0, Uint8Array.from([0x61, 0x62])]]) }),
    );
    assert.equal(pool.get(0), undefined);
    assert.equal(pool.getLenient?.(0), 'ab');
    assert.ok(
      sink.diagnostics.some(
        (d) => d.code === 'res.string-unreadable' && /decoded length 2 differs from the declared 3/.test(d.detail),
      ),
    );
    assert.deepEqual([pool.get(1), pool.get(2)], ['plain', 'mixé']);
    // A real U+FFFD in well-formed text takes the exact path and is not reported as malformed.
    const replacement = read(stringPool(['a\ufffdb', '酒店'], { utf8: true }));
    assert.deepEqual(all(replacement.pool), ['a\ufffdb', '酒店']);
    assert.deepEqual(replacement.sink.diagnostics, []);
    // Lone surrogates and NUL-free astral pairs survive UTF-16 decoding unit for unit.
    const units = ['\ud800x', 'a\udc00', '\u{1F600}', 'x'.repeat(0x8001)];
    assert.deepEqual(all(read(stringPool(units)).pool), units);
  });
  test('UTF-16 string without its 0 terminator is unreadable (AndroidManifest_StringNotTerminated.xml)', () => {
    const bytes = stringPool(['abc', 'de']);
    // First string data starts after header (28) and 2 entries (8): length u16, then 'a','b','c', then 0 at +8.
    bytes[28 + 8 + 8] = 0x41;
    const { pool, sink } = read(bytes);
    assert.equal(pool.get(0), undefined);
    assert.equal(pool.getLenient?.(0), 'abc', 'recovered by its declared length');
    assert.equal(pool.get(1), 'de');
    assert.ok(sink.diagnostics.some((d) => d.code === 'res.string-unterminated' && d.offset === 36));
  });
  test('length running past the pool', () => {
    const bytes = stringPool(['abc']);
    // Header (28) + one entry (4): the u16 length of string 0.
    bytes[32] = 0xff;
    bytes[33] = 0x7f;
    const { pool, sink } = read(bytes);
    assert.equal(pool.get(0), undefined);
    assert.ok(sink.diagnostics.some((d) => d.code === 'res.string-unreadable'));
  });
  test('last string not 0-terminated: Android refuses the whole pool', () => {
    const bytes = stringPool(['abcd']);
    bytes[bytes.length - 1] = 0x41;
    bytes[bytes.length - 2] = 0x41;
    const { pool, sink } = read(bytes);
    assert.match(pool.androidRejection ?? '', /not 0-terminated/);
    assert.ok(sink.diagnostics.some((d) => d.code === 'res.string-pool-android-rejects' && d.severity === 'error'));
  });
  test('declared string count larger than the bytes: clamped, rejected, never allocated', () => {
    const bytes = stringPool(['a']);
    bytes.splice(8, 4, ...u32(0x7fffffff));
    const { pool } = read(bytes);
    assert.ok(pool.count < 10);
    assert.ok(pool.androidRejection !== undefined);
  });
  test('style pool without the closing END span is refused', () => {
    const bytes = stringPool(['x', 'b'], { styles: [[[1, 0, 0]]] });
    bytes[bytes.length - 1] = 0;
    const { pool } = read(bytes);
    assert.match(pool.androidRejection ?? '', /0xFFFFFFFF/);
  });
  test('header shorter than ResStringPool_header', () => {
    const { pool } = read([1, 0, 8, 0, 8, 0, 0, 0]);
    assert.equal(pool.count, 0);
    assert.ok(pool.androidRejection !== undefined);
  });
  test('UTF-8 length truncated at 0x7FFF is recovered as stringDecodeAt does', () => {
    const text = 'z'.repeat(0x8000 + 5);
    const bytes = stringPool([text], { utf8: true });
    // Rewrite both lengths as aapt did: truncated to 15 bits.
    const start = 28 + 4;
    bytes.splice(start, 4, 0x80, 0x05, 0x80, 0x05);
    const { pool, sink } = read(bytes);
    assert.equal(pool.get(0)?.length, text.length);
    assert.ok(sink.diagnostics.some((d) => d.code === 'res.string-length-truncated'));
  });
});

describe('readStringPool: one-byte corruptions never throw', () => {
  const good = stringPool(['manifest', 'é酒', 'x'.repeat(140)], { utf8: true, styles: [[[0, 1, 2]]] });
  const goodUtf16 = stringPool(['manifest', '酒店', ''], { styles: [[[0, 1, 2]]] });
  for (const [label, base] of [
    ['utf8', good],
    ['utf16', goodUtf16],
  ] as const) {
    test(label, () => {
      let runs = 0;
      for (let position = 0; position < base.length; position++) {
        for (const value of [0x00, 0xff, 0x80, (base[position] ?? 0) ^ 1]) {
          const bytes = base.slice();
          bytes[position] = value;
          const { pool } = read(bytes);
          for (let index = 0; index < pool.count; index++) {
            pool.get(index);
            pool.styleOf(index);
          }
          runs++;
        }
      }
      assert.equal(runs, base.length * 4);
    });
  }
});
