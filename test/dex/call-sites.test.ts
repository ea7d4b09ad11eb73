/**
 * Method handles and call sites (dex 038+) against `dexdump -f`. No corpus
 * dex has them (d8 desugars invoke-custom for old API levels), so the
 * bytecode fixtures assembled from smali are read (fixtures/smali, built by
 * the bytecode walker's build.sh).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, runTool, needs } from '../support/corpus.js';
import { readDex, type DexFile, type EncodedValue } from '../../src/formats/dex/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };

const FIXTURES = ['MethodHandles.dex', 'all.dex'].map((name) => join(repositoryRoot, 'fixtures', 'smali', name));

/** A link argument as dexdump prints it: `value (Kind)`. */
function printArgument(dex: DexFile, value: EncodedValue): string {
  switch (value.kind) {
    case 'method-handle':
      return `${value.index} (MethodHandle)`;
    case 'string':
      return `${dex.string(value.index)} (String)`;
    case 'method-type':
      return `${dex.protoDescriptor(value.index)} (MethodType)`;
    case 'int':
      return `${value.value} (Int)`;
    default:
      return value.kind;
  }
}

test('method handles and call sites agree with dexdump -f on the smali fixtures', DEXDUMP, (t) => {
  let handles = 0;
  let callSites = 0;
  for (const path of FIXTURES) {
    const dump = runTool('dexdump', ['-f', path]);
    assert.equal(dump.status, 0, dump.stderr);
    const dex = readDex(new Uint8Array(readFileSync(path))).value;

    const theirHandles = [
      ...dump.stdout.matchAll(
        /^Method handle #\d+:\n {2}type {8}: (\S+)\n {2}target {6}: (\S+) (\S+)\n {2}target_type : (\S+)$/gm,
      ),
    ];
    assert.equal(dex.methodHandles.length, theirHandles.length, `${path}: method handle count`);
    theirHandles.forEach((match, index) => {
      const [, kind, owner, name, type] = match;
      const separator = kind!.startsWith('invoke') ? '' : ':';
      assert.equal(
        dex.methodHandleDescription(index),
        `${kind} ${owner}->${name}${separator}${type}`,
        `${path}: method handle ${index}`,
      );
      handles++;
    });

    const theirSites = [
      ...dump.stdout.matchAll(/^Call site #\d+: \/\/ offset (\d+)\n((?: {2}link_argument\[\d+\] : .*\n)+)/gm),
    ];
    assert.equal(dex.callSiteOffsets.length, theirSites.length, `${path}: call site count`);
    theirSites.forEach((match, index) => {
      assert.equal(dex.callSiteOffsets[index], Number(match[1]), `${path}: call site ${index} offset`);
      const theirArguments = match[2]!
        .trimEnd()
        .split('\n')
        .map((line) => line.slice(line.indexOf(' : ') + 3));
      const site = dex.readCallSite(index);
      assert.deepEqual(site.diagnostics, []);
      assert.deepEqual(
        site.value.map((value) => printArgument(dex, value)),
        theirArguments,
        `${path}: call site ${index}`,
      );
      callSites++;
    });
  }
  assert.ok(handles > 0 && callSites > 0, 'the fixtures must contain method handles and call sites');
  t.diagnostic(`${handles} method handles and ${callSites} call sites compared with dexdump`);
  console.log(`${handles} method handles and ${callSites} call sites compared with dexdump`);
});
