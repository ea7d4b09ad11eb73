/**
 * Manifest evidence checked against `aapt dump xmltree`: every permission-data and
 * receiver finding cites an element at the line aapt prints for that permission or
 * receiver, in the demo and in corpus apps aapt can read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanModels } from '../../src/scan/scan.js';
import { dictionaries } from '../support/dictionaries.js';
import { CORE_RULES } from '../../src/scan/registry.js';
import { corpusRoot, repositoryRoot, runTool, needs } from '../support/corpus.js';
import { corpusModel, demoModel } from './models.js';
import { argText } from './rule-tester.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS = { skip: needs('corpus') };

const APPS = [
  'fdroidserver/souch.smsbypass_9.apk',
  'androguard/a2dp.Vol_137.apk',
  'androguard/com.teleca.jamendo_35.apk',
  'appmanager-splits/dnsfilter.android.apk',
  'npm/com.rormix.apk',
  'mobsf/ClipDump.apk',
];

/** Element name → lines aapt prints for it, with the android:name value of each. */
function aaptElements(apkPath: string): Map<number, { element: string; name?: string }> {
  const result = runTool('aapt', ['dump', 'xmltree', apkPath, 'AndroidManifest.xml']);
  assert.equal(result.status, 0, result.stderr);
  const elements = new Map<number, { element: string; name?: string }>();
  let current: { element: string; name?: string } | undefined;
  for (const line of result.stdout.split('\n')) {
    const element = /^\s*E: (\S+) \(line=(\d+)\)/.exec(line);
    if (element) {
      current = { element: element[1] ?? '' };
      elements.set(Number(element[2]), current);
      continue;
    }
    const name = /^\s*A: android:name\(0x01010003\)="([^"]*)"/.exec(line);
    if (name && current && current.name === undefined) current.name = name[1];
  }
  return elements;
}

test('manifest evidence of findings matches aapt dump xmltree (element, line, permission)', CORPUS, (t) => {
  let compared = 0;
  const inputs = [
    { path: join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk'), model: demoModel() },
    ...APPS.map((name) => ({ path: join(corpusRoot, name), model: corpusModel(name) })),
  ];
  for (const { path, model } of inputs) {
    const elements = aaptElements(path);
    for (const finding of scanModels(path, [model], { rules: CORE_RULES, dictionaries }).report.findings) {
      for (const evidence of finding.evidence) {
        if (evidence.kind !== 'xml' || evidence.entry !== 'AndroidManifest.xml') continue;
        const printed = elements.get(evidence.line);
        assert.ok(printed, `${path}: aapt prints no element at line ${evidence.line}`);
        assert.equal(printed.element, evidence.element, `${path} line ${evidence.line}`);
        if (finding.code === 'permission-data.implied') {
          // An implied permission cites what implies it: the permission requested, or <uses-sdk>.
          const requested = /requested (\w+)$/.exec(argText(finding.args.impliedBecause))?.[1];
          if (requested !== undefined) assert.equal(printed.name, `android.permission.${requested}`);
        } else if (finding.ruleId === 'permission-data') assert.equal(printed.name, finding.args.permission);
        compared++;
      }
    }
  }
  t.diagnostic(`manifest evidence items compared with aapt: ${compared}`);
  console.log(`manifest evidence items compared with aapt: ${compared}`);
  assert.ok(compared >= 30);
});
