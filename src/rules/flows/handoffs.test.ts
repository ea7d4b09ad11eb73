/**
 * Objects handed to Android, which calls them back (src/dataflow/handoffs.ts): each hand-off
 * kind gives its flow, and the same code without the hand-off gives none. Cases are the
 * activities of fixtures/smali/rules/handoffs (generate-handoffs.py; each file says why).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import type { Component } from '../../model/manifest/types.js';
import type { Finding } from '../../findings/types.js';
import { renderClaim } from '../../report/claim.js';
import { ScanContext } from '../shared/context.js';

const PACKAGE = 'org.apkwitness.handoffs';

const CASES: ReadonlyArray<readonly [activity: string, flows: readonly string[]]> = [
  ['ThreadSubclass', ['device-id log']],
  ['ThreadNeverStarted', []],
  ['ThreadRunnable', ['device-id log']],
  ['RunnableNeverStarted', []],
  ['ExecutorRun', ['device-id log']],
  ['HandlerPost', ['device-id log']],
  ['TimerSchedule', ['device-id log']],
  ['RunOnUi', ['device-id log']],
  ['HandlerMessage', ['device-id log']],
  ['MessageOtherField', []],
  ['AsyncTaskResult', ['device-id log']],
  ['TaskNeverExecuted', []],
  ['ClickListener', ['device-id log']],
  ['ListenerNeverRegistered', []],
  ['LocationRegistered', ['location log']],
  ['DestroyRegistered', []],
  ['ReceiverRegistered', ['device-id log']],
  ['SavedState', ['device-id log']],
  ['SavedOtherKey', []],
  ['InheritedStatic', ['device-id log']],
];

function activity(name: string): Component {
  return {
    kind: 'activity',
    name: `${PACKAGE}.${name}`,
    exported: false,
    exportedReason: 'default-false',
    enabled: true,
    authorities: [],
    intentFilters: [],
    metaData: [],
    evidence: { line: 1, offset: 0 },
  };
}

const model = ruleFixtureModel('handoffs', {
  manifest: { packageName: PACKAGE, components: CASES.map(([name]) => activity(name)) },
});
const findings = rule.run(model, new ScanContext([model])).filter((finding) => finding.topic === 'flow');

/** The case a flow belongs to: the outer class of its source (a listener's source is in the listener). */
function caseOf(finding: Finding): string {
  const first = finding.evidence[0];
  return first?.kind === 'code' ? (first.className.replace(`${PACKAGE}.`, '').split('$')[0] ?? '') : '';
}

function describe(finding: Finding): string {
  return `${finding.category} ${typeof finding.args.sink === 'string' ? finding.args.sink : '?'}`;
}

for (const [name, expected] of CASES) {
  test(`handoffs: ${name} → ${expected.length === 0 ? 'no flow' : expected.join('; ')}`, () => {
    assert.deepEqual(
      findings.filter((finding) => caseOf(finding) === name).map(describe),
      expected,
      findings
        .filter((finding) => caseOf(finding) === name)
        .map((finding) => renderClaim(finding))
        .join('\n'),
    );
  });
}

test('handoffs: no flow outside the cases', () => {
  const known = new Set(CASES.map(([name]) => name));
  assert.deepEqual(
    findings.filter((finding) => !known.has(caseOf(finding))).map((finding) => renderClaim(finding)),
    [],
  );
});

test('handoffs: the path cites the call that hands the object over, then the callback', () => {
  const targets = (name: string): string[] =>
    (findings.find((finding) => caseOf(finding) === name)?.evidence ?? []).map((evidence) =>
      evidence.kind === 'code' ? `${evidence.className.replace(`${PACKAGE}.`, '')} ${evidence.target}` : '',
    );
  assert.ok(targets('ThreadRunnable').includes('ThreadRunnable Ljava/lang/Thread;->start()V'));
  assert.ok(
    targets('ExecutorRun').includes(
      'ExecutorRun Ljava/util/concurrent/ExecutorService;->execute(Ljava/lang/Runnable;)V',
    ),
  );
  const asyncTask = targets('AsyncTaskResult');
  assert.ok(asyncTask.includes('AsyncTaskResult$Task return-object'), asyncTask.join('\n'));
  assert.equal(
    asyncTask[asyncTask.length - 1],
    'AsyncTaskResult$Task Landroid/util/Log;->i(Ljava/lang/String;Ljava/lang/String;)I',
  );
});

test("handoffs: a callback's data is read where the callback reads it (Location.getLatitude is the source)", () => {
  const location = findings.find((finding) => caseOf(finding) === 'LocationRegistered');
  const first = location?.evidence[0];
  assert.equal(first?.kind === 'code' ? first.target : '', 'Landroid/location/Location;->getLatitude()D');
});
