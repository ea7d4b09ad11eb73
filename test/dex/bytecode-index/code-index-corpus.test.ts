/**
 * The code index on real apps against `dexdump -d`: for every method dexdump
 * disassembles (and the index holds from that dex: shadowed duplicates are
 * left out on purpose), the references the index gives for the method must be
 * the instructions dexdump shows, at the same offsets, naming the same method,
 * field or type once dexdump's spelling is turned into smali's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCodeIndex } from '../../../src/model/code-index/index.js';
import { findDexSourcesInApk, parsedSources } from '../../../src/model/code/index.js';
import { readCorpus, referenceTool, runTool, needs } from '../../support/corpus.js';
import { parseDexdump, type DexdumpInstruction } from '../bytecode/dexdump-listing.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const DEXDUMP = { skip: needs('dexdump') };

/** Multidex, duplicate-heavy, old and odd apps; about a minute on a 2-core machine. */
const APPS = [
  'androguard/TestActivity.apk',
  'androguard/Invalid.apk',
  'androguard/com.teleca.jamendo_35.apk',
  'androguard/AndroguardTest-app-debug-androidTest.apk',
  'androguard/com.example.android.wearable.wear.weardrawers.apk',
  'fdroidserver/souch.smsbypass_9.apk',
  'mobsf/Droidmon.apk',
  'apktool/issue1498.apk',
];

/** `com.a.B$C.m:(I)V` (dexdump method header) -> `Lcom/a/B$C;->m(I)V`. */
export function callerSignature(dexdumpName: string): string {
  const colon = dexdumpName.indexOf(':');
  const head = dexdumpName.slice(0, colon);
  const dot = head.lastIndexOf('.');
  return `L${head.slice(0, dot).replace(/\./g, '/')};->${head.slice(dot + 1)}${dexdumpName.slice(colon + 1)}`;
}

/** End of the type descriptor that starts `text` (dex-format TypeDescriptor). */
function descriptorEnd(text: string): number {
  let position = 0;
  while (text[position] === '[') position++;
  return text[position] === 'L' ? text.indexOf(';', position) + 1 : position + 1;
}

/** What dexdump names, in smali spelling: `Lx;.m:(I)V` -> `Lx;->m(I)V`, `Lx;.f:I` -> `Lx;->f:I`, `Lx;` as is. */
export function dexdumpTarget(instruction: DexdumpInstruction): string | undefined {
  const comment = instruction.text.lastIndexOf(' // ');
  const operands = comment < 0 ? instruction.text : instruction.text.slice(0, comment);
  const written = operands.slice(operands.lastIndexOf(', ') + 2);
  const pool = instruction.references[0]?.pool;
  if (pool === 'type') return written;
  if (pool !== 'method' && pool !== 'field') return undefined;
  const end = descriptorEnd(written);
  const member = written.slice(end + 1);
  return `${written.slice(0, end)}->${pool === 'method' ? member.replace(':', '') : member}`;
}

test('code index references match dexdump -d on real apps', DEXDUMP, (t) => {
  referenceTool('dexdump'); // fails (not skips) when the oracle is missing
  const workDirectory = mkdtempSync(join(tmpdir(), 'apkwitness-code-index-'));
  const totals = { apps: 0, dexFiles: 0, methods: 0, shadowed: 0, references: 0, named: 0 };
  const mismatches: string[] = [];
  try {
    for (const app of APPS) {
      const loaded = findDexSourcesInApk(readCorpus(app));
      const index = buildCodeIndex(loaded.value).value;
      totals.apps++;
      for (const source of parsedSources(loaded.value)) {
        const dexPath = join(workDirectory, 'classes.dex');
        writeFileSync(dexPath, source.dex.bytes);
        const listing = runTool('dexdump', ['-d', dexPath]);
        assert.equal(listing.status, 0, `${app}!${source.name}: ${listing.stderr}`);
        totals.dexFiles++;
        for (const method of parseDexdump(listing.stdout)) {
          const caller = callerSignature(method.name);
          const found = index.referencesFrom(caller).filter((reference) => reference.dex === source.name);
          const expected = method.instructions.filter((instruction) => instruction.references.length > 0);
          if (found.length === 0 && expected.length > 0) {
            totals.shadowed++;
            continue;
          }
          totals.methods++;
          // invoke-polymorphic gives two references (method, proto) at one offset: compare the first of each offset.
          const firstPerOffset = found.filter(
            (reference, position) => found[position - 1]?.absoluteOffset !== reference.absoluteOffset,
          );
          if (firstPerOffset.length !== expected.length) {
            mismatches.push(
              `${app}!${source.name} ${caller}: index ${firstPerOffset.length} references, dexdump ${expected.length}`,
            );
            continue;
          }
          expected.forEach((instruction, position) => {
            const reference = firstPerOffset[position];
            const target = dexdumpTarget(instruction);
            totals.references++;
            if (target !== undefined) totals.named++;
            if (
              reference === undefined ||
              reference.absoluteOffset !== instruction.fileOffset ||
              reference.codeUnitOffset !== instruction.codeUnitOffset ||
              reference.mnemonic !== instruction.mnemonic ||
              (target !== undefined && reference.target !== target)
            ) {
              mismatches.push(
                `${app}!${source.name} ${caller} |${instruction.codeUnitOffset}: index ${JSON.stringify(reference)} dexdump ${instruction.mnemonic} ${target}`,
              );
            }
          });
        }
      }
    }
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
  const summary = `compared ${totals.apps} apps, ${totals.dexFiles} dex files, ${totals.methods} methods, ${totals.references} references (${totals.named} with their method/field/type name compared, ${totals.shadowed} shadowed methods skipped)`;
  t.diagnostic(summary);
  console.log(summary);
  assert.deepEqual(mismatches.slice(0, 10), []);
  assert.ok(totals.references > 100_000 && totals.named > 50_000, summary);
});
