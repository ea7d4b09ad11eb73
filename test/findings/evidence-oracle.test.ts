/**
 * Code evidence checked against dexdump: every CodeEvidence of the scan of real
 * apps must name an instruction that `dexdump -d` prints at the same file offset
 * and code offset, referencing the same target. This is how a reader verifies a
 * finding, so the test does it for them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanModels } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import type { CodeEvidence } from '../../src/findings/types.js';
import { corpusRoot, repositoryRoot, runTool, needs } from '../support/corpus.js';
import { extractEntry } from '../support/entries.js';
import { corpusModel, demoModel } from './models.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const APPS = [
  'fdroidserver/souch.smsbypass_9.apk',
  'mobsf/JustTrustMe.apk',
  'appmanager-splits/dnsfilter.android.apk',
  'npm/com.rormix.apk',
  'androguard/app-prod-debug.apk',
];

/** dexdump's spelling of a reference: `Lc;.m:(I)V`, `Lc;.f:I`, `"text"`, `Lc;`. */
function dexdumpSpelling(target: string, mnemonic: string): string {
  // dexdump prints string constants raw: a newline ends its output line, so compare the printable prefix.
  if (mnemonic.startsWith('const-string')) return `"${/^[\x20-\x7e]*/.exec(target)?.[0] ?? ''}`;
  const arrow = target.indexOf('->');
  if (arrow < 0) return target;
  const member = target.slice(arrow + 2);
  const paren = member.indexOf('(');
  return paren >= 0
    ? `${target.slice(0, arrow)}.${member.slice(0, paren)}:${member.slice(paren)}`
    : `${target.slice(0, arrow)}.${member}`;
}

function dexdumpLines(apkPath: string, entry: string, directory: string): Map<number, string> {
  const bytes = extractEntry(apkPath, entry);
  assert.ok(bytes, `${entry} of ${apkPath}`);
  const dexPath = join(directory, entry);
  writeFileSync(dexPath, bytes);
  const result = runTool('dexdump', ['-d', dexPath], 300_000);
  assert.equal(result.status, 0, result.stderr);
  const lines = new Map<number, string>();
  for (const line of result.stdout.split('\n')) {
    const match = /^([0-9a-f]{6}): /.exec(line);
    if (match) lines.set(Number.parseInt(match[1] ?? '0', 16), line);
  }
  return lines;
}

test('code evidence of findings matches dexdump -d (offset, code offset, target)', CORPUS, (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'apkwitness-evidence-'));
  let compared = 0;
  try {
    const inputs = [
      { path: join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk'), model: demoModel() },
      ...APPS.map((name) => ({ path: join(corpusRoot, name), model: corpusModel(name) })),
    ];
    for (const { path, model } of inputs) {
      const { report } = scanModels(path, [model], { dictionaries });
      const evidence = report.findings
        .flatMap((finding) => finding.evidence)
        .filter((item): item is CodeEvidence => item.kind === 'code');
      const byDex = new Map<string, CodeEvidence[]>();
      for (const item of evidence) byDex.set(item.entry, [...(byDex.get(item.entry) ?? []), item]);
      for (const [entry, items] of byDex) {
        const lines = dexdumpLines(path, entry, directory);
        for (const item of items) {
          const line = lines.get(item.fileOffset);
          assert.ok(line, `${path} ${entry}: no instruction at 0x${item.fileOffset.toString(16)}`);
          assert.ok(
            line.includes(`|${item.codeOffset.toString(16).padStart(4, '0')}: `),
            `${line} vs code offset ${item.codeOffset}`,
          );
          // Method-body evidence (trust-all shapes) cites the first instruction; others cite the reference.
          if (item.target !== 'return-void' && item.target !== 'return true') {
            const mnemonic = /\|[0-9a-f]{4}: ([a-z0-9/-]+)/.exec(line)?.[1] ?? '';
            assert.ok(
              line.includes(dexdumpSpelling(item.target, mnemonic).slice(0, 60)),
              `${line} does not reference ${item.target}`,
            );
          } else {
            assert.match(line, item.target === 'return-void' ? /return-void/ : /const\/(4|16) v\d+, #int 1 /);
          }
          compared++;
        }
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  t.diagnostic(`code evidence items compared with dexdump: ${compared}`);
  console.log(`code evidence items compared with dexdump: ${compared}`);
  assert.ok(compared > 50);
});
