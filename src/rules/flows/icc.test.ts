/**
 * Flows through intents and reflection (issue 14, points 3 and 4): fixtures/smali/rules/flows-icc,
 * each class saying why it is positive or negative. Every hand-off kind gives a flow; the same
 * code with a mismatch (another extra key, an undeclared component, a filter that does not match,
 * a reflective name that is not a constant) gives none, or the `intent`/`other` end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import type { Component, IntentFilter } from '../../model/manifest/types.js';
import type { CodeEvidence, Finding } from '../../findings/types.js';
import { ScanContext } from '../shared/context.js';

const PACKAGE = 'org.apkwitness.icc';

function component(
  kind: Component['kind'],
  name: string,
  options: { exported?: boolean; filters?: IntentFilter[] } = {},
): Component {
  return {
    kind,
    name: `${PACKAGE}.${name}`,
    exported: options.exported ?? false,
    exportedReason: options.exported === true ? 'explicit' : 'default-false',
    enabled: true,
    authorities: [],
    intentFilters: options.filters ?? [],
    metaData: [],
    evidence: { line: 1, offset: 0 },
  };
}

function filter(action: string, categories: string[] = ['android.intent.category.DEFAULT']): IntentFilter {
  return { actions: [action], categories, data: [], evidence: { line: 1, offset: 0 } };
}

const ACTIVITIES = [
  'ExplicitSender',
  'ExplicitReceiver',
  'OtherKeySender',
  'OtherKeyReceiver',
  'UndeclaredSender',
  'ImplicitSender',
  'LeavingSender',
  'ServiceSender',
  'ResultCaller',
  'ResultCallee',
  'ReflectCall',
  'ReflectOther',
  'ReflectTelephony',
];

function manifestComponents(implicitFilter: IntentFilter): Component[] {
  return [
    ...ACTIVITIES.map((name) => component('activity', name)),
    component('activity', 'ImplicitReceiver', { exported: true, filters: [implicitFilter] }),
    component('service', 'IdService'),
  ];
}

function run(components: Component[]): Finding[] {
  const app = ruleFixtureModel('flows-icc', { manifest: { packageName: PACKAGE, components } });
  return rule.run(app, new ScanContext([app])).filter((finding) => finding.topic === 'flow');
}

const findings = run(manifestComponents(filter('org.apkwitness.icc.SHOW')));

/** `Sender→Receiver category sink [destination]` from the classes of the first and last evidence. */
function describe(finding: Finding): string {
  const first = finding.evidence[0] as CodeEvidence;
  const last = finding.evidence[finding.evidence.length - 1] as CodeEvidence;
  const short = (name: string): string => name.replace(`${PACKAGE}.`, '');
  const destination = finding.args.destination;
  return [
    `${short(first.className)}→${short(last.className)}`,
    finding.category,
    typeof finding.args.sink === 'string' ? finding.args.sink : '',
    ...(typeof destination === 'string' ? [destination] : []),
  ].join(' ');
}

const CASES: ReadonlyArray<readonly [sender: string, flows: readonly string[]]> = [
  ['ExplicitSender', ['ExplicitSender→ExplicitReceiver device-id log']],
  ['OtherKeySender', []],
  ['UndeclaredSender', []],
  ['ImplicitSender', ['ImplicitSender→ImplicitReceiver device-id log']],
  ['LeavingSender', ['LeavingSender→LeavingSender device-id intent org.apkwitness.icc.ELSEWHERE']],
  ['ServiceSender', ['ServiceSender→IdService device-id log']],
  ['ResultCallee', ['ResultCallee→ResultCaller device-id log']],
  ['ReflectCall', ['ReflectCall→Helper device-id log']],
  ['ReflectOther', ['ReflectOther→ReflectOther device-id other']],
  ['ReflectTelephony', ['ReflectTelephony→ReflectTelephony device-id log']],
];

for (const [sender, expected] of CASES)
  test(`flows (intents, reflection): ${sender} → ${expected.length === 0 ? 'no flow' : expected.join('; ')}`, () => {
    const mine = findings.filter(
      (finding) => (finding.evidence[0] as CodeEvidence).className === `${PACKAGE}.${sender}`,
    );
    assert.deepEqual(mine.map(describe), expected);
  });

test('flows (intents): nothing else is reported (an intent delivered in the app is not a flow end of its own)', () => {
  const senders = new Set(CASES.map(([sender]) => `${PACKAGE}.${sender}`));
  assert.deepEqual(
    findings.filter((finding) => !senders.has((finding.evidence[0] as CodeEvidence).className)).map(describe),
    [],
  );
});

test('flows (intents): the path crosses the send as a call hop, then the receiver reads the extra', () => {
  const flow = findings.find((finding) => describe(finding).startsWith('ExplicitSender→'));
  const targets = (flow?.evidence ?? []).map((evidence) => (evidence as CodeEvidence).target);
  assert.ok(targets[0]?.endsWith('->getDeviceId()Ljava/lang/String;'));
  assert.ok(targets.some((target) => target.endsWith('->startActivity(Landroid/content/Intent;)V')));
  assert.ok(targets[targets.length - 1]?.startsWith('Landroid/util/Log;->i('));
});

test('flows (reflection): the unresolved call says so in the finding', () => {
  const flow = findings.find((finding) => describe(finding).startsWith('ReflectOther→'));
  const does = flow?.args.does;
  assert.match(typeof does === 'string' ? does : '', /reflection .*could not resolve/);
  assert.equal(
    (flow?.evidence.at(-1) as CodeEvidence).target,
    'Ljava/lang/reflect/Method;->invoke(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;',
  );
});

test('flows (intents): a filter that does not match (no DEFAULT category, another action) leaves the app', () => {
  for (const mismatch of [filter('org.apkwitness.icc.SHOW', []), filter('org.apkwitness.icc.OTHER')]) {
    const flows = run(manifestComponents(mismatch)).filter(
      (finding) => (finding.evidence[0] as CodeEvidence).className === `${PACKAGE}.ImplicitSender`,
    );
    assert.deepEqual(flows.map(describe), ['ImplicitSender→ImplicitSender device-id intent org.apkwitness.icc.SHOW']);
  }
});

test('flows (intents): a result activity others may start also returns the data out of the app', () => {
  const components = manifestComponents(filter('org.apkwitness.icc.SHOW')).map((item) =>
    item.name.endsWith('.ResultCallee') ? { ...item, exported: true } : item,
  );
  const flows = run(components).filter(
    (finding) => (finding.evidence[0] as CodeEvidence).className === `${PACKAGE}.ResultCallee`,
  );
  assert.deepEqual(flows.map(describe).sort(), [
    'ResultCallee→ResultCallee device-id intent',
    'ResultCallee→ResultCaller device-id log',
  ]);
});
