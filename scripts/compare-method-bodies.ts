/**
 * The full comparison of method bodies with the reference tools, over every
 * distinct dex of the corpus (every classes*.dex of every APK and every other
 * dex the discovery finds: nested, hidden, the Janus prefix): `dexdump -d` for
 * instructions, registers, literals, references, branch and payload targets
 * and try ranges; `baksmali d --code-offsets` for switch cases and array data.
 * The test (test/model/method-body/corpus.test.ts) runs a deterministic sample
 * of the same comparison; this script runs all of it and prints the figures.
 *
 *   node --import tsx scripts/compare-method-bodies.ts [--no-baksmali]
 */
import { execFileSync } from 'node:child_process';
import { referenceTool } from '../test/support/corpus.js';
import { corpusDexFiles } from '../test/dex/support/corpus-dex.js';
import { parseDexdump } from '../test/dex/bytecode/dexdump-listing.js';
import { compareBodies, emptyComparison } from '../test/model/method-body/dexdump-compare.js';
import { compareSwitchesWithBaksmali, emptySwitchComparison } from '../test/model/method-body/baksmali-compare.js';

const withBaksmali = !process.argv.includes('--no-baksmali');
const started = performance.now();
const { files, skipped } = corpusDexFiles();
const totals = emptyComparison();
const switches = emptySwitchComparison();
let bytes = 0;
let failed = 0;
for (const file of files) {
  let listing: string;
  try {
    listing = execFileSync(referenceTool('dexdump'), ['-d', file.path], {
      encoding: 'latin1',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    failed++;
    console.log(`dexdump failed on ${file.label}`);
    continue;
  }
  const dex = file.source.dex!;
  compareBodies(dex, file.label, parseDexdump(listing), totals);
  if (withBaksmali) compareSwitchesWithBaksmali(dex, file.label, file.path, switches);
  bytes += file.bytes.length;
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `dexdump -d: ${files.length - failed} dex files (${(bytes / 1e6).toFixed(1)} MB; ${skipped.length} candidates are no dex, ` +
    `dexdump failed on ${failed}), ${totals.methods} methods, ${totals.instructions} instructions, ` +
    `${totals.registers} register operands, ${totals.literals} literals, ${totals.references} references ` +
    `(${totals.names} names), ${totals.targets} branch/payload targets, ${totals.tries} try ranges, ` +
    `${totals.handlers} handlers; ${totals.mismatches.length} mismatches`,
);
if (withBaksmali)
  console.log(
    `baksmali: ${switches.switches} switches with ${switches.cases} case targets, ${switches.arrays} arrays ` +
      `with ${switches.elements} elements (${switches.unmatched} smali methods with payloads not found by signature); ` +
      `${switches.mismatches.length} mismatches`,
  );
console.log(`${seconds} s`);
for (const text of [...totals.mismatches, ...switches.mismatches]) console.log(`  ${text}`);
process.exitCode = totals.mismatches.length + switches.mismatches.length > 0 ? 1 : 0;
