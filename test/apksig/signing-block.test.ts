/**
 * Unit tables on hand-built APK Signing Blocks and v2/v3 signer records.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../src/formats/diagnostics.js';
import { readSigningBlock, firstPair } from '../../src/formats/apksig/signing-block.js';
import { readSchemeBlock } from '../../src/formats/apksig/scheme-block.js';
import { readLineage } from '../../src/formats/apksig/lineage.js';
import { readSourceStamp } from '../../src/formats/apksig/source-stamp.js';
import { verifySchemeBlock } from '../../src/formats/apksig/verify-scheme.js';
import { BlockId, AttributeId } from '../../src/formats/apksig/constants.js';
import { concat, fileWithBlock, pair, prefixed, schemeValue, signer, signingBlock, u32, u64 } from './build-block.js';

const V2_VALUE = new Uint8Array([1, 2, 3]);
const PADDING = new Uint8Array(12);
const UNKNOWN_ID = 0x12345678;

function codes(sink: DiagnosticSink): string[] {
  return sink.diagnostics.map((diagnostic) => diagnostic.code);
}

describe('APK Signing Block location and pairs', () => {
  const cases: Array<{ name: string; block: Uint8Array; pairs: number[]; codes: string[] }> = [
    {
      name: 'v2 + padding + unknown id',
      block: signingBlock([
        pair(BlockId.V2, V2_VALUE),
        pair(BlockId.VERITY_PADDING, PADDING),
        pair(UNKNOWN_ID, V2_VALUE),
      ]),
      pairs: [BlockId.V2, BlockId.VERITY_PADDING, UNKNOWN_ID],
      codes: ['apksig.pair-unknown'],
    },
    {
      name: 'v2, v3, v3.1, source stamp, dependency info',
      block: signingBlock([
        pair(BlockId.V2, V2_VALUE),
        pair(BlockId.V3, V2_VALUE),
        pair(BlockId.V31, V2_VALUE),
        pair(BlockId.SOURCE_STAMP_V2, V2_VALUE),
        pair(BlockId.DEPENDENCY_INFO, V2_VALUE),
      ]),
      pairs: [BlockId.V2, BlockId.V3, BlockId.V31, BlockId.SOURCE_STAMP_V2, BlockId.DEPENDENCY_INFO],
      codes: [],
    },
    { name: 'no pairs', block: signingBlock([]), pairs: [], codes: [] },
    {
      name: 'duplicate v2 (signer confusion)',
      block: signingBlock([pair(BlockId.V2, V2_VALUE), pair(BlockId.V2, new Uint8Array([9]))]),
      pairs: [BlockId.V2, BlockId.V2],
      codes: ['apksig.pair-duplicate'],
    },
    {
      name: 'pair length below 4',
      block: signingBlock([concat(u64(2), u32(BlockId.V2)), pair(BlockId.V3, V2_VALUE)]),
      pairs: [],
      codes: ['apksig.pair-length-invalid'],
    },
    {
      name: 'pair length past the block',
      block: signingBlock([pair(BlockId.V2, V2_VALUE), concat(u64(1000), u32(BlockId.V3))]),
      pairs: [BlockId.V2],
      codes: ['apksig.pair-length-invalid'],
    },
    {
      name: 'pair header cut short',
      block: signingBlock([pair(BlockId.V2, V2_VALUE), new Uint8Array([1, 2, 3])]),
      pairs: [BlockId.V2],
      codes: ['apksig.pair-truncated'],
    },
  ];
  for (const { name, block, pairs, codes: expected } of cases) {
    test(name, () => {
      const sink = new DiagnosticSink();
      const { bytes, centralDirectoryOffset } = fileWithBlock(block);
      const result = readSigningBlock(bytes, centralDirectoryOffset, sink);
      assert.ok(result !== undefined);
      assert.equal(result.offset, 16);
      assert.equal(result.totalSize, block.length);
      assert.deepEqual(
        result.pairs.map((entry) => entry.id),
        pairs,
      );
      assert.deepEqual(codes(sink), expected);
      if (pairs.length > 0)
        assert.equal(result.pairs[0]?.offset, 16 + 8, 'first pair starts after the leading size field');
    });
  }

  test('duplicate ids: the first pair is the one Android uses', () => {
    const { bytes, centralDirectoryOffset } = fileWithBlock(
      signingBlock([pair(BlockId.V2, V2_VALUE), pair(BlockId.V2, new Uint8Array([9]))]),
    );
    const block = readSigningBlock(bytes, centralDirectoryOffset, new DiagnosticSink());
    assert.deepEqual([...(firstPair(block, BlockId.V2)?.value ?? [])], [...V2_VALUE]);
    assert.equal(block?.pairs[1]?.duplicate, true);
  });

  const refused: Array<{ name: string; block: Uint8Array; code: string }> = [
    {
      name: 'wrong magic',
      block: concat(signingBlock([pair(BlockId.V2, V2_VALUE)]).subarray(0, -1), new Uint8Array([0x33])),
      code: 'apksig.block-absent',
    },
    {
      name: 'size fields disagree',
      block: signingBlock([pair(BlockId.V2, V2_VALUE)], { leading: 999 }),
      code: 'apksig.block-size-mismatch',
    },
    {
      name: 'size larger than the file before the directory',
      block: signingBlock([pair(BlockId.V2, V2_VALUE)], { trailing: 100_000 }),
      code: 'apksig.block-size-out-of-range',
    },
    {
      name: 'size 2^64-1',
      block: signingBlock([pair(BlockId.V2, V2_VALUE)], { trailing: 0xffffffffffffffffn }),
      code: 'apksig.block-size-out-of-range',
    },
    {
      name: 'size below the minimum',
      block: signingBlock([], { trailing: 4 }),
      code: 'apksig.block-size-out-of-range',
    },
  ];
  for (const { name, block, code } of refused) {
    test(`refused: ${name}`, () => {
      const sink = new DiagnosticSink();
      const { bytes, centralDirectoryOffset } = fileWithBlock(block);
      assert.equal(readSigningBlock(bytes, centralDirectoryOffset, sink), undefined);
      assert.deepEqual(codes(sink), [code]);
    });
  }

  test('central directory offset at 0 or past the end', () => {
    for (const offset of [0, 10, 1_000_000]) {
      const sink = new DiagnosticSink();
      assert.equal(readSigningBlock(new Uint8Array(64), offset, sink), undefined);
      assert.deepEqual(codes(sink), ['apksig.block-absent']);
    }
  });
});

describe('v2/v3 signer records', () => {
  const certificate = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]);
  const parts = {
    digests: [[0x0103, new Uint8Array(32).fill(0xaa)]] as Array<[number, Uint8Array]>,
    certificates: [certificate],
    attributes: [[AttributeId.STRIPPING_PROTECTION, u32(3)]] as Array<[number, Uint8Array]>,
    signatures: [[0x0103, new Uint8Array(256).fill(0xbb)]] as Array<[number, Uint8Array]>,
    publicKey: new Uint8Array([0x30, 0x00]),
  };

  test('v2 signer: every field with its offset', () => {
    const sink = new DiagnosticSink();
    const value = schemeValue(signer(parts, false));
    const block = readSchemeBlock('v2', value, 1000, sink);
    assert.deepEqual(codes(sink), []);
    const [first] = block.signers;
    assert.ok(first !== undefined && first.malformed === undefined);
    assert.equal(first.digests[0]?.algorithmId, 0x0103);
    assert.equal(first.digests[0].digest.length, 32);
    assert.deepEqual([...(first.certificates[0]?.der ?? [])], [...certificate]);
    assert.equal(first.attributes[0]?.id, AttributeId.STRIPPING_PROTECTION);
    assert.equal(first.signatures[0]?.signature.length, 256);
    assert.equal(first.offset, 1004, 'signer prefix follows the sequence prefix');
    assert.equal(first.signedDataOffset, 1012);
    assert.equal(first.minSdk, undefined);
  });

  test('v3 signer: SDK range inside and outside signed data, attributes after the range', () => {
    const sink = new DiagnosticSink();
    const block = readSchemeBlock(
      'v3',
      schemeValue(
        signer({ ...parts, sdk: [28, 32], attributes: [[AttributeId.ROTATION_MIN_SDK_VERSION, u32(33)]] }, true),
      ),
      0,
      sink,
    );
    const [first] = block.signers;
    assert.ok(first !== undefined && first.malformed === undefined, first?.malformed);
    assert.deepEqual([first.minSdk, first.maxSdk, first.signedMinSdk, first.signedMaxSdk], [28, 32, 28, 32]);
    assert.equal(first.attributes[0]?.id, AttributeId.ROTATION_MIN_SDK_VERSION);
  });

  test('two signers are both read', () => {
    const block = readSchemeBlock(
      'v2',
      schemeValue(signer(parts, false), signer(parts, false)),
      0,
      new DiagnosticSink(),
    );
    assert.equal(block.signers.length, 2);
    assert.equal(block.signers[1]?.index, 1);
  });

  const malformed: Array<{ name: string; value: Uint8Array; code: string }> = [
    { name: 'empty value', value: new Uint8Array(0), code: 'apksig.signers-malformed' },
    {
      name: 'sequence longer than the value',
      value: concat(u32(100), new Uint8Array(8)),
      code: 'apksig.signers-malformed',
    },
    { name: 'no signers', value: prefixed(), code: 'apksig.no-signers' },
    {
      name: 'signer cut in signed data',
      value: prefixed(prefixed(concat(u32(50), new Uint8Array(4)))),
      code: 'apksig.signer-malformed',
    },
    {
      name: 'signer without public key',
      value: prefixed(prefixed(prefixed(new Uint8Array(12)), prefixed())),
      code: 'apksig.signer-malformed',
    },
    {
      name: 'digest record without its digest',
      value: prefixed(
        prefixed(prefixed(prefixed(prefixed(u32(0x0103))), prefixed(), prefixed()), prefixed(), prefixed()),
      ),
      code: 'apksig.signer-malformed',
    },
  ];
  for (const { name, value, code } of malformed) {
    test(`malformed: ${name}`, () => {
      const sink = new DiagnosticSink();
      const block = readSchemeBlock('v2', value, 0, sink);
      assert.ok(codes(sink).includes(code), `${codes(sink).join(',')} should include ${code}`);
      assert.ok(
        block.malformed !== undefined ||
          block.signers.length === 0 ||
          block.signers.some((entry) => entry.malformed !== undefined),
      );
    });
  }
});

describe('proof-of-rotation lineage', () => {
  const cases: Array<{ name: string; value: Uint8Array; problem: RegExp; nodes: number }> = [
    { name: 'empty', value: new Uint8Array(0), problem: /malformed|no certificates/, nodes: 0 },
    { name: 'version only', value: u32(1), problem: /no certificates/, nodes: 0 },
    { name: 'wrong version', value: u32(7), problem: /version 7/, nodes: 0 },
    { name: 'node cut short', value: concat(u32(1), u32(40), new Uint8Array(10)), problem: /malformed/, nodes: 0 },
    {
      name: 'one node with an unreadable certificate',
      value: concat(
        u32(1),
        prefixed(prefixed(prefixed(new Uint8Array([1, 2])), u32(0x0103)), u32(3), u32(0x0103), prefixed()),
      ),
      problem: /^$/,
      nodes: 1,
    },
  ];
  for (const { name, value, problem, nodes } of cases) {
    test(name, () => {
      const lineage = readLineage(value, 0);
      assert.equal(lineage.nodes.length, nodes);
      if (problem.source === '^$') assert.deepEqual(lineage.problems, []);
      else
        assert.ok(
          lineage.problems.some((text) => problem.test(text)),
          lineage.problems.join(' | '),
        );
    });
  }
  test('two nodes: the second must be vouched for by the first', () => {
    const node = (certificate: number) =>
      prefixed(
        prefixed(prefixed(new Uint8Array([certificate])), u32(0x0103)),
        u32(3),
        u32(0x0103),
        prefixed(new Uint8Array(4)),
      );
    const lineage = readLineage(concat(u32(1), node(1), node(2)), 0);
    assert.equal(lineage.nodes.length, 2);
    assert.ok(
      lineage.problems.some((text) => /is unreadable, so it cannot vouch/.test(text)),
      lineage.problems.join(' | '),
    );
  });
});

describe('source stamp', () => {
  const certificate = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
  const cases: Array<{
    name: string;
    pairs: Uint8Array[];
    version?: number;
    certificate?: boolean;
    problem?: boolean;
  }> = [
    { name: 'none', pairs: [pair(BlockId.V2, V2_VALUE)] },
    {
      name: 'v2 stamp with its certificate',
      pairs: [pair(BlockId.SOURCE_STAMP_V2, prefixed(prefixed(certificate), prefixed()))],
      version: 2,
      certificate: true,
    },
    {
      name: 'v1 stamp',
      pairs: [pair(BlockId.SOURCE_STAMP_V1, prefixed(prefixed(certificate)))],
      version: 1,
      certificate: true,
    },
    {
      name: 'v2 preferred over v1',
      pairs: [
        pair(BlockId.SOURCE_STAMP_V1, prefixed()),
        pair(BlockId.SOURCE_STAMP_V2, prefixed(prefixed(certificate))),
      ],
      version: 2,
      certificate: true,
    },
    { name: 'malformed', pairs: [pair(BlockId.SOURCE_STAMP_V2, u32(99))], version: 2, problem: true },
  ];
  for (const { name, pairs, version, certificate: hasCertificate, problem } of cases) {
    test(name, () => {
      const { bytes, centralDirectoryOffset } = fileWithBlock(signingBlock(pairs));
      const stamp = readSourceStamp(readSigningBlock(bytes, centralDirectoryOffset, new DiagnosticSink()));
      assert.equal(stamp?.version, version);
      assert.equal(stamp?.certificate !== undefined, hasCertificate === true);
      assert.equal(stamp?.problem !== undefined, problem === true);
      if (hasCertificate === true) assert.deepEqual([...(stamp?.certificate ?? [])], [...certificate]);
    });
  }
});

describe('v3 SDK ranges', () => {
  const base = { certificates: [new Uint8Array([0x30, 0x00])], publicKey: new Uint8Array([0x30, 0x00]) };
  const cases: Array<{ name: string; ranges: Array<[number, number]>; overlap: boolean }> = [
    {
      name: 'disjoint',
      ranges: [
        [24, 27],
        [28, 0x7fffffff],
      ],
      overlap: false,
    },
    {
      name: 'overlapping',
      ranges: [
        [24, 30],
        [28, 0x7fffffff],
      ],
      overlap: true,
    },
    {
      name: 'same range twice',
      ranges: [
        [28, 0x7fffffff],
        [28, 0x7fffffff],
      ],
      overlap: true,
    },
  ];
  for (const { name, ranges, overlap } of cases) {
    test(name, () => {
      const value = schemeValue(...ranges.map((sdk) => signer({ ...base, sdk }, true)));
      const result = verifySchemeBlock(readSchemeBlock('v3', value, 0, new DiagnosticSink()), () => 'no file');
      assert.equal(
        result.problems.some((problem) => /overlapping SDK ranges/.test(problem)),
        overlap,
        result.problems.join(' | '),
      );
      assert.equal(result.verified, false, 'hand-built signers carry no valid signature');
    });
  }
});

describe('work limits', () => {
  test('a signer with hundreds of signatures is refused before any public-key operation', () => {
    const signatures = Array.from({ length: 200 }, () => [0x0103, new Uint8Array(256)] as [number, Uint8Array]);
    const value = schemeValue(
      signer({ signatures, digests: [], certificates: [], publicKey: new Uint8Array([0x30, 0x00]) }, false),
    );
    const started = performance.now();
    const result = verifySchemeBlock(readSchemeBlock('v2', value, 0, new DiagnosticSink()), () => 'no file');
    assert.ok(
      result.problems.some((problem) => /200 signatures; at most 8 are checked/.test(problem)),
      result.problems.join(' | '),
    );
    assert.ok(performance.now() - started < 1000);
  });
});
