/**
 * JAR manifest syntax (JAR File Specification) and the v1 entry rules.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { header, parseJarManifest } from '../../src/formats/apksig/jar-manifest.js';
import { needsManifestDigest } from '../../src/formats/apksig/verify-v1.js';
import { checkDigests, digestHeaders } from '../../src/formats/apksig/v1-digests.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('manifest sections', () => {
  const cases: Array<{ name: string; text: string; sections: string[]; sectionBytes?: string[]; problems?: RegExp }> = [
    {
      name: 'CRLF',
      text: 'Manifest-Version: 1.0\r\n\r\nName: a.txt\r\nSHA-256-Digest: x\r\n\r\n',
      sections: ['a.txt'],
      sectionBytes: ['Name: a.txt\r\nSHA-256-Digest: x\r\n\r\n'],
    },
    {
      name: 'LF only',
      text: 'Manifest-Version: 1.0\n\nName: a\nSHA1-Digest: y\n\nName: b\nSHA1-Digest: z\n\n',
      sections: ['a', 'b'],
      sectionBytes: ['Name: a\nSHA1-Digest: y\n\n', 'Name: b\nSHA1-Digest: z\n\n'],
    },
    { name: 'CR only', text: 'Manifest-Version: 1.0\r\rName: a\rSHA1-Digest: y\r\r', sections: ['a'] },
    {
      name: 'continuation line joins a long name',
      text: 'Manifest-Version: 1.0\r\n\r\nName: res/drawable/very_long_na\r\n me.png\r\nSHA1-Digest: y\r\n\r\n',
      sections: ['res/drawable/very_long_name.png'],
    },
    {
      name: 'no final blank line',
      text: 'Manifest-Version: 1.0\r\n\r\nName: last\r\nSHA1-Digest: y\r\n',
      sections: ['last'],
    },
    { name: 'extra blank lines between sections', text: 'M: 1\n\n\n\nName: a\nX: 1\n\n', sections: ['a'] },
    {
      name: 'duplicate name',
      text: 'M: 1\n\nName: a\n\nName: a\n\n',
      sections: ['a', 'a'],
      problems: /duplicate section for "a"/,
    },
    {
      name: 'line without colon',
      text: 'M: 1\n\nName: a\ngarbage\n\n',
      sections: ['a'],
      problems: /not "Name: value"/,
    },
    {
      name: 'continuation with nothing before',
      text: 'M: 1\n\n more\nName: a\n\n',
      sections: ['a'],
      problems: /nothing to continue/,
    },
  ];
  for (const { name, text, sections, sectionBytes, problems } of cases) {
    test(name, () => {
      const manifest = parseJarManifest(encode(text));
      assert.deepEqual(
        manifest.sections.map((section) => section.name),
        sections,
      );
      if (sectionBytes !== undefined)
        assert.deepEqual(
          manifest.sections.map((section) => new TextDecoder().decode(section.bytes)),
          sectionBytes,
        );
      if (problems !== undefined)
        assert.ok(
          manifest.problems.some((problem) => problems.test(problem)),
          manifest.problems.join(' | '),
        );
      else assert.deepEqual(manifest.problems, []);
    });
  }
  test('a continuation line that splits a UTF-8 character (72-byte lines) decodes whole', () => {
    const name = encode('\u8eab\u4efd\u8bc1.txt'); // 身份证.txt, 3 bytes per character
    const bytes = new Uint8Array(
      Buffer.concat([encode('M: 1\n\nName: '), name.subarray(0, 4), encode('\n '), name.subarray(4), encode('\n\n')]),
    );
    assert.deepEqual(
      parseJarManifest(bytes).sections.map((section) => section.name),
      ['\u8eab\u4efd\u8bc1.txt'],
    );
  });
  test('headers are case-insensitive; offsets are kept', () => {
    const manifest = parseJarManifest(encode('Manifest-Version: 1.0\n\nName: a\nsha-256-digest: q\n\n'));
    const [section] = manifest.sections;
    assert.ok(section !== undefined);
    assert.equal(header(section, 'SHA-256-Digest'), 'q');
    assert.equal(section.offset, 'Manifest-Version: 1.0\n\n'.length);
    assert.equal(header(manifest.main, 'manifest-version'), '1.0');
  });
  test('an all-ASCII file (read from one latin1 string) and a UTF-8 file (decoded from bytes) give the same sections', () => {
    const ascii =
      'Manifest-Version: 1.0\r\nCreated-By: x\r\n\r\nName: res/a_very_long_na\r\n me.png\r\nSHA-256-Digest: q\r\n\r\nname: b\nSHA1-Digest: \n z\n\rgarbage\n\nName: c\rX:\r\r';
    const plain = parseJarManifest(encode(ascii));
    const mixed = parseJarManifest(encode(`${ascii}Name: \u00e9t\u00e9.txt\n\n`));
    assert.deepEqual(
      plain.sections.map((section) => section.name),
      ['res/a_very_long_name.png', 'b', 'c'],
    );
    assert.deepEqual(
      mixed.sections.map((section) => section.name),
      ['res/a_very_long_name.png', 'b', 'c', '\u00e9t\u00e9.txt'],
    );
    const describe = (manifest: ReturnType<typeof parseJarManifest>) =>
      [manifest.main, ...manifest.sections.slice(0, 3)].map((section) => ({ ...section, bytes: [...section.bytes] }));
    assert.deepEqual(describe(mixed), describe(plain));
    assert.deepEqual(plain.sections[1]?.headers, [
      ['name', 'b'],
      ['SHA1-Digest', 'z'],
    ]);
    assert.deepEqual(mixed.problems, plain.problems);
    assert.equal(plain.main.name, undefined);
  });
  test('empty and binary input never throw', () => {
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array(1000).fill(0),
      new Uint8Array(1000).fill(0x0a),
      new Uint8Array([0xff, 0xfe, 0x3a, 0x20, 0x0d]),
    ]) {
      assert.doesNotThrow(() => parseJarManifest(bytes));
    }
  });
});

describe('digest headers', () => {
  const data = encode('hello');
  const manifest = parseJarManifest(
    encode(
      'M: 1\n\nName: a\nSHA-256-Digest: LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=\nSHA1-Digest: qvTGHdzF6KLavt4PO0gs2a6pQ00=\nFOO-Digest: x\n\n',
    ),
  );
  const section = manifest.sections[0];
  test('recognised algorithms only, all must match', () => {
    assert.ok(section !== undefined);
    assert.deepEqual(
      digestHeaders(section, '-Digest').map((digest) => digest.algorithm),
      ['SHA-256', 'SHA1'],
    );
    assert.equal(checkDigests(digestHeaders(section, '-Digest'), data, 'a'), undefined);
    assert.match(
      checkDigests(digestHeaders(section, '-Digest'), encode('hellO'), 'a') ?? '',
      /SHA-256 digest of a does not match/,
    );
    assert.match(checkDigests([], data, 'a') ?? '', /no digest of a/);
  });
});

describe('digest headers: one pass equals a look-up per algorithm', () => {
  test('case-insensitive names, first of duplicates, JAR order, other suffixes ignored', () => {
    const manifest = parseJarManifest(
      encode(
        'M: 1\n\nName: a\nsha1-digest: one\nMD5-Digest: m \nSHA-256-DIGEST: two\nSHA1-Digest: later\nSHA-256-Digest-Manifest: w\nSHA-1-Digest: s\nX-Digest: x\nDigest: d\n\n',
      ),
    );
    const [section] = manifest.sections;
    assert.ok(section !== undefined);
    const byLookUp = (suffix: string) =>
      ['SHA-512', 'SHA-384', 'SHA-256', 'SHA1', 'SHA-1', 'MD5']
        .map((algorithm) => [algorithm, header(section, `${algorithm}${suffix}`)?.trim()] as const)
        .filter(([, expected]) => expected !== undefined);
    for (const suffix of ['-Digest', '-Digest-Manifest', '-Digest-Manifest-Main-Attributes']) {
      assert.deepEqual(
        digestHeaders(section, suffix).map((digest) => [digest.algorithm, digest.expected]),
        byLookUp(suffix),
        suffix,
      );
    }
    assert.deepEqual(
      digestHeaders(section, '-Digest').map((digest) => digest.expected),
      ['two', 'one', 's', 'm'],
    );
  });
});

describe('which entries MANIFEST.MF must cover (apksig rules)', () => {
  const cases: Array<[string, boolean]> = [
    ['classes.dex', true],
    ['res/', false],
    ['META-INF/MANIFEST.MF', false],
    ['META-INF/CERT.SF', false],
    ['META-INF/CERT.RSA', false],
    ['META-INF/KEY.EC', false],
    ['META-INF/a.dsa', false],
    ['META-INF/SIG-FOO', false],
    ['META-INF/services/x.y.Z', true],
    ['META-INF/androidx.core_core.version', true],
  ];
  for (const [name, expected] of cases)
    test(`${name} → ${expected}`, () => assert.equal(needsManifestDigest(name), expected));
});
