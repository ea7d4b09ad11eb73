/**
 * Method bodies against the reference tools: every fixture dex and a deterministic
 * sample of the corpus against `dexdump -d` (instructions, registers, literals,
 * references and names, branch and payload targets, registers/ins/outs, try ranges),
 * switch cases and array data against baksmali. The whole corpus:
 * `node --import tsx scripts/compare-method-bodies.ts` (figures in the commit message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dexFileSource, findDexSourcesInApk } from '../../../src/model/code/index.js';
import type { DexFile } from '../../../src/formats/dex/index.js';
import { corpusApks, needs, readCorpus, referenceTool, repositoryRoot } from '../../support/corpus.js';
import { parseDexdump, type DexdumpMethod } from '../../dex/bytecode/dexdump-listing.js';
import { compareBodies, emptyComparison, type BodyComparison } from './dexdump-compare.js';
import { compareSwitchesWithBaksmali, emptySwitchComparison } from './baksmali-compare.js';

/** Corpus dex compared in the suite: the smallest distinct ones up to this many bytes (all of them: the script). */
const SAMPLE_BYTES = 8 * 1024 * 1024;

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };
const BAKSMALI = { skip: needs('baksmali') };
const CORPUS_DEXDUMP = { skip: needs('corpus', 'dexdump') };
const noBaksmali = needs('baksmali');

function dexdump(path: string): DexdumpMethod[] {
  // latin1: dexdump prints MUTF-8 bytes raw; the comparison encodes our names the same way.
  return parseDexdump(
    execFileSync(referenceTool('dexdump'), ['-d', path], {
      encoding: 'latin1',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
}

function load(path: string): DexFile {
  const dex = dexFileSource(path, new Uint8Array(readFileSync(path))).value.dex;
  assert.ok(dex, path);
  return dex;
}

/** The fixture dex files dexdump reads (index-app's superclass cycle makes it refuse that app). */
function fixtureDexFiles(): string[] {
  const smali = join(repositoryRoot, 'fixtures', 'smali');
  const list = (directory: string): string[] =>
    readdirSync(directory)
      .filter((name) => name.endsWith('.dex'))
      .sort()
      .map((name) => join(directory, name));
  return [
    ...list(smali),
    ...list(join(smali, 'rules')),
    join(repositoryRoot, 'test', 'dex', 'fixtures', 'witness.dex'),
  ];
}

function summary(totals: BodyComparison): string {
  return (
    `${totals.methods} methods, ${totals.instructions} instructions, ${totals.registers} register operands, ` +
    `${totals.literals} literals, ${totals.references} references (${totals.names} names), ${totals.targets} targets, ` +
    `${totals.tries} try ranges, ${totals.handlers} handlers`
  );
}

test('every fixture dex: bodies match dexdump -d instruction by instruction', DEXDUMP, (t) => {
  const totals = emptyComparison();
  for (const path of fixtureDexFiles()) compareBodies(load(path), path, dexdump(path), totals);
  t.diagnostic(summary(totals));
  assert.deepEqual(totals.mismatches, []);
  // all.dex holds every opcode: every kind of operand was compared.
  assert.ok(
    totals.instructions > 500 && totals.literals > 30 && totals.targets > 30 && totals.tries > 3,
    summary(totals),
  );
  assert.ok(totals.names > 100, summary(totals));
});

test('fixture switches and arrays match baksmali', BAKSMALI, (t) => {
  const totals = emptySwitchComparison();
  for (const name of ['all.dex', 'method-body.dex']) {
    const path = join(repositoryRoot, 'fixtures', 'smali', name);
    compareSwitchesWithBaksmali(load(path), name, path, totals);
  }
  t.diagnostic(
    `${totals.switches} switches, ${totals.cases} cases, ${totals.arrays} arrays, ${totals.elements} elements`,
  );
  assert.deepEqual(totals.mismatches, []);
  assert.equal(totals.unmatched, 0);
  assert.ok(totals.switches >= 6 && totals.cases >= 10 && totals.arrays >= 5, JSON.stringify(totals));
});

test('the comparison catches a wrong register, literal, target, name or try range', DEXDUMP, () => {
  const path = join(repositoryRoot, 'fixtures', 'smali', 'all.dex');
  const dex = load(path);
  const listing = dexdump(path);
  const tamper = (find: (text: string) => boolean, change: (text: string) => string): number => {
    const copy = listing.map((method) => ({
      ...method,
      instructions: method.instructions.map((instruction) => ({ ...instruction })),
    }));
    const instruction = copy.flatMap((method) => method.instructions).find((candidate) => find(candidate.text));
    assert.ok(instruction);
    instruction.text = change(instruction.text);
    const totals = emptyComparison();
    compareBodies(dex, 'all.dex', copy, totals);
    return totals.mismatches.length;
  };
  const untouched = emptyComparison();
  compareBodies(dex, 'all.dex', listing, untouched);
  assert.deepEqual(untouched.mismatches, [], 'untouched listing');
  assert.ok(
    tamper(
      (text) => text.startsWith('v0, v2, v4'),
      (text) => text.replace('v4', 'v5'),
    ) > 0,
    'register',
  );
  assert.ok(
    tamper(
      (text) => text.includes('#int -128'),
      (text) => text.replace('#int -128', '#int -127'),
    ) > 0,
    'literal',
  );
  assert.ok(
    tamper(
      (text) => / 0187 \/\/ \+/.test(text),
      (text) => text.replace(' 0187 ', ' 0186 '),
    ) > 0,
    'target',
  );
  assert.ok(
    tamper(
      (text) => text.includes(';.f0:I'),
      (text) => text.replace(';.f0:I', ';.f9:I'),
    ) > 0,
    'name',
  );
  // A try range one code unit longer than the file's (method-body.dex has tries; all.dex has none).
  const triesPath = join(repositoryRoot, 'fixtures', 'smali', 'method-body.dex');
  const withTry = dexdump(triesPath).find((method) => method.tries.length > 0);
  assert.ok(withTry);
  const longer = { ...withTry, tries: [{ ...withTry.tries[0]!, end: withTry.tries[0]!.end + 1 }] };
  const totals = emptyComparison();
  compareBodies(load(triesPath), 'method-body.dex', [longer], totals);
  assert.ok(totals.mismatches.length > 0, 'try range');
});

test('a deterministic sample of the corpus: bodies match dexdump -d, switches match baksmali', CORPUS_DEXDUMP, (t) => {
  // Every distinct dex the discovery finds in the corpus, smallest first; only the sample is written out for dexdump.
  const seen = new Set<string>();
  const files: Array<{ label: string; dex: DexFile }> = [];
  for (const apk of corpusApks()) {
    let sources;
    try {
      sources = findDexSourcesInApk(readCorpus(apk.name)).value;
    } catch {
      continue; // an unreadable ZIP: the zip layer's tests own it
    }
    for (const source of sources) {
      if (source.dex === undefined) continue;
      const digest = createHash('sha1').update(source.dex.bytes).digest('hex');
      if (seen.has(digest)) continue;
      seen.add(digest);
      files.push({ label: `${apk.name} :: ${source.name}`, dex: source.dex });
    }
  }
  files.sort((left, right) => left.dex.bytes.length - right.dex.bytes.length || left.label.localeCompare(right.label));
  const directory = mkdtempSync(join(tmpdir(), 'apkwitness-bodies-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  const totals = emptyComparison();
  let bytes = 0;
  let compared = 0;
  let largest: { label: string; dex: DexFile; path: string } | undefined;
  for (const file of files) {
    if (bytes + file.dex.bytes.length > SAMPLE_BYTES) break;
    bytes += file.dex.bytes.length;
    const path = join(directory, `${compared++}.dex`);
    writeFileSync(path, file.dex.bytes);
    compareBodies(file.dex, file.label, dexdump(path), totals);
    largest = { ...file, path };
  }
  t.diagnostic(`${compared} of ${files.length} corpus dex (${(bytes / 1e6).toFixed(1)} MB): ${summary(totals)}`);
  assert.deepEqual(totals.mismatches, []);
  assert.ok(compared > 50 && totals.instructions > 100_000 && largest !== undefined, summary(totals));
  if (noBaksmali !== false) return;
  // Switches: the largest sampled dex (a few seconds of baksmali).
  const switches = emptySwitchComparison();
  compareSwitchesWithBaksmali(largest.dex, largest.label, largest.path, switches);
  t.diagnostic(
    `baksmali on ${largest.label}: ${switches.switches} switches, ${switches.cases} cases, ${switches.arrays} arrays`,
  );
  assert.deepEqual(switches.mismatches, []);
  assert.ok(switches.switches > 0, JSON.stringify(switches));
});
