/**
 * The walker on the smali fixtures (fixtures/smali, every instruction format
 * and payload kind) against `dexdump -d`, for every instruction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot, referenceTool, runTool, needs } from '../../support/corpus.js';
import { parseDexdump } from './dexdump-listing.js';
import { compareWithDexdump } from './compare-with-dexdump.js';
import {
  FORMAT_NAMES,
  OPCODE_FORMATS,
  OPCODE_IS_UNUSED,
  OPCODE_NAMES,
} from '../../../src/formats/dex/bytecode/index.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };

const fixtureDirectory = join(repositoryRoot, 'fixtures', 'smali');
const fixtures = readdirSync(fixtureDirectory)
  .filter((name) => name.endsWith('.dex'))
  .sort();

/** Formats that only odex/quickened files use; no opcode of a dex file has them (instruction-formats). */
const ODEX_ONLY_FORMATS = new Set(['20bc', '22cs', '35ms', '35mi', '3rms', '3rmi']);

test('fixtures exist', DEXDUMP, () => {
  referenceTool('dexdump'); // fails (not skips) when the oracle is missing
  assert.ok(fixtures.includes('all.dex'), 'run fixtures/smali/build.sh');
});

for (const name of fixtures) {
  test(`walker matches dexdump -d on fixtures/smali/${name}`, DEXDUMP, (t) => {
    const path = join(fixtureDirectory, name);
    const listing = runTool('dexdump', ['-d', path]);
    assert.equal(listing.status, 0, listing.stderr);
    const methods = parseDexdump(listing.stdout);
    assert.ok(methods.length > 0, 'dexdump listed no methods');
    const comparison = compareWithDexdump(new Uint8Array(readFileSync(path)), methods);
    t.diagnostic(
      `${name}: ${comparison.methods} methods, ${comparison.instructions} instructions, ${comparison.references} references compared`,
    );
    assert.deepEqual(comparison.mismatches, []);
    assert.equal(comparison.diagnostics, 0);
  });
}

test('all.dex uses every defined opcode and every dex instruction format', DEXDUMP, () => {
  const path = join(fixtureDirectory, 'all.dex');
  const methods = parseDexdump(runTool('dexdump', ['-d', path]).stdout);
  const mnemonics = new Set(
    methods.flatMap((method) => method.instructions.map((instruction) => instruction.mnemonic)),
  );
  const missingOpcodes: string[] = [];
  const formats = new Set<string>();
  for (let opcode = 0; opcode < 256; opcode++) {
    if (OPCODE_IS_UNUSED[opcode] === 1) continue;
    const opcodeName = OPCODE_NAMES[opcode] ?? '';
    if (mnemonics.has(opcodeName)) formats.add(FORMAT_NAMES[OPCODE_FORMATS[opcode] ?? 0] ?? '');
    else missingOpcodes.push(opcodeName);
  }
  assert.deepEqual(missingOpcodes, []);
  for (const payload of ['packed-switch-data', 'sparse-switch-data', 'array-data'])
    assert.ok(mnemonics.has(payload), payload);
  const missingFormats = FORMAT_NAMES.filter((format) => !formats.has(format) && !ODEX_ONLY_FORMATS.has(format));
  assert.deepEqual(missingFormats, []);
});
