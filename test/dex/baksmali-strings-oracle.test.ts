/**
 * Oracle: the string table of every distinct corpus dex, decoded by our lazy
 * MUTF-8 decoder, against `baksmali list strings` (smali's own dex reader,
 * Java's UTF-16 strings). Two baksmali processes run at a time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { referenceTool, repositoryRoot, needs } from '../support/corpus.js';
import { readDex } from '../../src/formats/dex/index.js';
import { corpusDexFiles, type CorpusDex } from './support/corpus-dex.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

/** Debian libsmali-java jars that /usr/bin/baksmali puts on its class path. */
const BAKSMALI_JARS = ['baksmali', 'dexlib2', 'guava', 'jcommander', 'smali-util', 'antlr3-runtime'].map(
  (name) => `/usr/share/java/${name}.jar`,
);
const BATCH_SOURCE = join(repositoryRoot, 'test', 'dex', 'support', 'BaksmaliBatch.java');

/** `baksmali list strings` of every file, in one JVM; keyed by path. */
function baksmaliStrings(paths: string[]): Map<string, string[]> {
  referenceTool('baksmali');
  const missing = BAKSMALI_JARS.filter((jar) => !existsSync(jar));
  if (missing.length > 0) throw new Error(`libsmali-java jars missing: ${missing.join(', ')}`);
  const stdout = execFileSync(referenceTool('java'), ['-cp', BAKSMALI_JARS.join(':'), BATCH_SOURCE, ...paths], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('=== ')) {
      current = [];
      out.set(line.slice(4), current);
    } else if (current !== undefined && line !== '') current.push(line);
  }
  return out;
}

/** baksmali's escaping (smali StringUtils.writeEscapedString) of one string, quoted. */
export function escapeLikeBaksmali(value: string): string {
  let out = '"';
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0x20 && unit < 0x7f) {
      if (unit === 0x27 || unit === 0x22 || unit === 0x5c) out += '\\';
      out += value[index]!;
    } else if (unit === 0x0a) out += '\\n';
    else if (unit === 0x0d) out += '\\r';
    else if (unit === 0x09) out += '\\t';
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

function compare(file: CorpusDex, theirs: string[] | undefined): { strings: number; problems: string[] } {
  if (theirs === undefined) return { strings: 0, problems: ['baksmali printed nothing for this file'] };
  const { value: dex, diagnostics } = readDex(file.bytes, file.source.base, { checkStrings: true });
  const problems: string[] = [];
  if (theirs.length !== dex.stringCount)
    problems.push(`string count: ours ${dex.stringCount}, baksmali ${theirs.length}`);
  for (let index = 0; index < Math.min(theirs.length, dex.stringCount) && problems.length < 10; index++) {
    const ours = escapeLikeBaksmali(dex.string(index));
    if (ours !== theirs[index]) problems.push(`string ${index}: ours ${ours}, baksmali ${theirs[index]}`);
  }
  // Corpus dex files are tool-built: a string anomaly here would be a decoder bug.
  for (const diagnostic of diagnostics)
    if (diagnostic.code.startsWith('dex.string')) problems.push(`${diagnostic.code}: ${diagnostic.detail}`);
  return { strings: Math.min(theirs.length, dex.stringCount), problems };
}

test('string tables agree with baksmali list strings on every corpus dex', CORPUS, (t) => {
  // The Janus prefix is also a zip: baksmali opens it as an APK and lists the inner classes.dex
  // (the confusion the attack relies on), so it cannot be the oracle for that one file.
  const files = corpusDexFiles().files.filter((file) => file.source.origin !== 'zip-prefix');
  assert.ok(files.length >= 60, `expected at least 60 distinct corpus dex files, found ${files.length}`);
  const listings = baksmaliStrings(files.map((file) => file.path));
  const failures: string[] = [];
  let strings = 0;
  for (const file of files) {
    const result = compare(file, listings.get(file.path));
    strings += result.strings;
    if (result.problems.length > 0) failures.push(`${file.label}:\n  ${result.problems.join('\n  ')}`);
  }
  const summary = `compared ${strings} strings of ${files.length} dex files with baksmali`;
  t.diagnostic(summary);
  console.log(summary);
  assert.deepEqual(failures, []);
});
