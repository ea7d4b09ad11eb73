/**
 * Channels inside the app and constant texts (issue 14's remaining gaps):
 * fixtures/smali/rules/flows-channels, each class saying why it is positive or negative.
 * An intent action read from a static field its class initialiser sets once, cut from a
 * constant by `substring`, or taken from a string resource reaches the component that filters
 * for it; shared preferences carry a value from the put to the get of the same file and key;
 * a Message sent through a Messenger reaches the handleMessage of the app's Messenger handler;
 * a field a callee overwrites on every path no longer holds the caller's data; a file the app
 * writes under a constant name is read back from that name; an OkHttp 2 request is a network sink.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import type { Component } from '../../model/manifest/types.js';
import type { CodeEvidence, Finding } from '../../findings/types.js';
import { ScanContext } from '../shared/context.js';
import { FlowEngine, type Flow } from '../../dataflow/engine.js';

const PACKAGE = 'org.apkwitness.channels';
const ACTION = 'org.apkwitness.channels.SHOW';
const RESOURCE_ID = 0x7f0b0001;

function activity(name: string, action?: string): Component {
  return {
    kind: 'activity',
    name: `${PACKAGE}.${name}`,
    exported: false,
    exportedReason: 'default-false',
    enabled: true,
    authorities: [],
    intentFilters:
      action === undefined
        ? []
        : [
            {
              actions: [action],
              categories: ['android.intent.category.DEFAULT'],
              data: [],
              evidence: { line: 1, offset: 0 },
            },
          ],
    metaData: [],
    evidence: { line: 1, offset: 0 },
  };
}

const SENDERS = [
  'StaticAction',
  'RewrittenAction',
  'SubstringAction',
  'ResourceAction',
  'PrefsWriter',
  'PrefsOtherFile',
  'PrefsLonely',
  'MessengerClient',
  'CalleeOverwrite',
  'CalleeMaybeOverwrite',
  'FileSaver',
  'OkHttp2Upload',
  'ReversedAction',
  'EditedAction',
  'ReplacedListener',
  'KeptListener',
  'EnumKeyName',
  'TaintedKey',
];
const app = ruleFixtureModel('flows-channels', {
  manifest: {
    packageName: PACKAGE,
    components: [
      ...SENDERS.map((name) => activity(name)),
      activity('ActionReceiver', ACTION),
      activity('PrefsReader'),
      activity('FileLoader'),
      { ...activity('MessengerService'), kind: 'service' },
    ],
  },
});
const findings = rule.run(app, new ScanContext([app])).filter((finding) => finding.topic === 'flow');

const short = (name: string): string => name.replace(`${PACKAGE}.`, '');

/** `Sender→Receiver category sink` from the classes of the first and last evidence. */
function describe(finding: Finding): string {
  const first = finding.evidence[0] as CodeEvidence;
  const last = finding.evidence[finding.evidence.length - 1] as CodeEvidence;
  return `${short(first.className)}→${short(last.className)} ${finding.category} ${typeof finding.args.sink === 'string' ? finding.args.sink : ''}`;
}

const CASES: ReadonlyArray<readonly [sender: string, flows: readonly string[]]> = [
  ['StaticAction', ['StaticAction→ActionReceiver device-id log']],
  ['RewrittenAction', ['RewrittenAction→RewrittenAction device-id intent']],
  ['SubstringAction', ['SubstringAction→ActionReceiver device-id log']],
  // The rule's fixture model has no resource table: the action is unknown, reported at the send.
  ['ResourceAction', ['ResourceAction→ResourceAction device-id intent']],
  ['PrefsWriter', ['PrefsWriter→PrefsReader device-id log']],
  ['PrefsOtherFile', []],
  ['PrefsLonely', ['PrefsLonely→PrefsLonely device-id preferences']],
  // The Messenger comes from a binder: the message reaches the app's Messenger handler, and the send is no end.
  ['MessengerClient', ['MessengerClient→IdHandler device-id log']],
  // A field a callee overwrites on every path is a strong update in the caller; on one path only, a weak one.
  ['CalleeOverwrite', []],
  ['CalleeMaybeOverwrite', ['CalleeMaybeOverwrite→CalleeMaybeOverwrite device-id log']],
  // The file write stays a sink; what FileLoader reads back from the same name is logged ("other.txt" is not).
  ['FileSaver', ['FileSaver→FileLoader device-id log', 'FileSaver→FileSaver device-id file']],
  ['OkHttp2Upload', ['OkHttp2Upload→OkHttp2Upload device-id network']],
  ['ReversedAction', ['ReversedAction→ActionReceiver device-id log']],
  ['EditedAction', ['EditedAction→EditedAction device-id intent']],
  // The flows start in the listener; a listener replaced before onCreate returns is never called.
  ['ReplacedListener', []],
  ['KeptListener', []],
  // A map keyed by an enum: the key read back carries the values' taint, its name() does not.
  ['EnumKeyName', []],
  // A value put under a tainted key is not tainted by it.
  ['TaintedKey', []],
];

for (const [sender, expected] of CASES)
  test(`flows (channels): ${sender} → ${expected.length === 0 ? 'no flow' : expected.join('; ')}`, () => {
    const mine = findings.filter(
      (finding) => (finding.evidence[0] as CodeEvidence).className === `${PACKAGE}.${sender}`,
    );
    assert.deepEqual(mine.map(describe).sort(), [...expected].sort());
  });

test('flows (listeners): the listener that stays registered is called, the one replaced is not', () => {
  const starts = findings.map((finding) => short((finding.evidence[0] as CodeEvidence).className));
  assert.ok(starts.includes('KeptLogger'));
  assert.ok(!starts.includes('DroppedLogger'));
});

test('flows (channels): nothing else is reported', () => {
  const senders = new Set([...SENDERS, 'KeptLogger'].map((sender) => `${PACKAGE}.${sender}`));
  assert.deepEqual(
    findings.filter((finding) => !senders.has((finding.evidence[0] as CodeEvidence).className)).map(describe),
    [],
  );
});

test('flows (preferences): the path crosses the put and the get as call hops', () => {
  const flow = findings.find((finding) => describe(finding).startsWith('PrefsWriter→'));
  const targets = (flow?.evidence ?? []).map((evidence) => (evidence as CodeEvidence).target);
  assert.ok(targets[0]?.endsWith('->getDeviceId()Ljava/lang/String;'));
  assert.ok(targets.some((target) => target.includes('SharedPreferences$Editor;->putString(')));
  assert.ok(targets.some((target) => target.includes('SharedPreferences;->getString(')));
  assert.equal(targets.at(-1), 'Landroid/util/Log;->i(Ljava/lang/String;Ljava/lang/String;)I');
});

test('flows (OkHttp 2): the request is sent to the URL its builder was given', () => {
  const flow = findings.find((finding) => describe(finding).startsWith('OkHttp2Upload→'));
  assert.ok(flow);
  assert.equal(flow.args.destination, 'https://collect.example.org/up');
  assert.equal(
    (flow.evidence.at(-1) as CodeEvidence).target,
    'Lcom/squareup/okhttp/Call;->enqueue(Lcom/squareup/okhttp/Callback;)V',
  );
});

/** Flows of the engine run with a resource table giving `text` for RESOURCE_ID. */
function engineFlows(text: string | undefined): string[] {
  const code = app.code;
  assert.ok(code);
  const engine = new FlowEngine({
    code,
    dexSources: app.dexSources,
    ...(app.manifest === undefined ? {} : { manifest: app.manifest }),
    layouts: [],
    formFields: () => new Map(),
    resourceText: (id) => (id === RESOURCE_ID ? text : undefined),
  });
  const described = (flow: Flow): string =>
    `${short(flow.source.hop.method.slice(1, flow.source.hop.method.indexOf(';')).replace(/\//g, '.'))}→${short(
      (flow.path.at(-1)?.method ?? '').slice(1, (flow.path.at(-1)?.method ?? '').indexOf(';')).replace(/\//g, '.'),
    )} ${flow.sink.kind}`;
  return engine
    .run()
    .flows.filter((flow) => flow.source.hop.method.startsWith('Lorg/apkwitness/channels/ResourceAction;'))
    .map(described);
}

test('flows (resources): getString(int) of a string resource names the action', () => {
  assert.deepEqual(engineFlows(ACTION), ['ResourceAction→ActionReceiver log']);
  // Another text: no component filters for it, so the intent leaves the app.
  assert.deepEqual(engineFlows('org.apkwitness.channels.NOWHERE'), ['ResourceAction→ResourceAction intent']);
});
