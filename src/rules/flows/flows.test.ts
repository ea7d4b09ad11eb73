import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule } from './index.js';
import { demoModel, hostileModel } from '../../../test/findings/models.js';
import { ruleFixtureModel } from '../../../test/findings/rule-fixtures.js';
import type { Component } from '../../model/manifest/types.js';
import type { CodeEvidence, Finding } from '../../findings/types.js';
import { FlowEngine } from '../../dataflow/engine.js';
import { renderClaim } from '../../report/claim.js';
import { ScanContext } from '../shared/context.js';
import type { AppModel } from '../../model/app-model.js';
import type { ArgValue } from '../../findings/types.js';

const PACKAGE = 'org.apkwitness.flows';

/** fixtures/smali/rules/flows/<Activity>.smali: each file says why it is positive or negative. */
const CASES: ReadonlyArray<readonly [activity: string, flows: readonly string[]]> = [
  ['DirectSms', ['device-id sms +10000']],
  ['BuilderLog', ['device-id log']],
  ['HelperReturn', ['device-id log']],
  ['HelperSink', ['device-id log']],
  ['LifecycleField', ['device-id log']],
  ['StaticField', ['device-id log']],
  ['ArrayIndex', ['device-id log']],
  ['ArrayOtherIndex', []],
  ['MapKey', ['device-id log']],
  ['MapOtherKey', []],
  ['ExceptionMessage', ['device-id log']],
  ['HandlerNeverReached', []],
  ['UrlTemplate', ['device-id network http://, host given at run time (http://{…}/upload?id={…})']],
  ['FileWriter', ['device-id file /sdcard/id.txt']],
  ['Recursion', ['device-id log']],
  ['Dispatch', ['device-id log']],
  ['LocationCallback', ['location log']],
  ['ContactsQuery', ['contacts log']],
  ['Sanitised', []],
  ['Overwritten', []],
  ['SinkFirst', []],
  ['DeadBranch', []],
  ['NeverCalled', []],
  ['Disabled', []],
  ['DeepChain', ['device-id log']],
  ['MutualRecursion', ['device-id log']],
];

function activity(name: string, enabled = true): Component {
  return {
    kind: 'activity',
    name: `${PACKAGE}.${name}`,
    exported: false,
    exportedReason: 'default-false',
    enabled,
    authorities: [],
    intentFilters: [],
    metaData: [],
    evidence: { line: 1, offset: 0 },
  };
}

const model = ruleFixtureModel('flows', {
  manifest: { packageName: PACKAGE, components: CASES.map(([name]) => activity(name, name !== 'Disabled')) },
});
/** The rule as the scan runs it: one app, its own scan context. */
function run(app: AppModel): Finding[] {
  return rule.run(app, new ScanContext([app]));
}

const findings = run(model);

/** A string or number argument as text; lists and records are not what these tests read. */
function scalar(value: ArgValue | undefined): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function describe(finding: Finding): string {
  return [finding.category, scalar(finding.args.sink), scalar(finding.args.destination)]
    .filter((part) => part !== undefined)
    .join(' ');
}

/** The activity a flow belongs to: the class of its source call site or of its sink. */
function owners(finding: Finding): string[] {
  return finding.evidence.map((evidence) =>
    evidence.kind === 'code' ? evidence.className.replace(`${PACKAGE}.`, '') : '',
  );
}

for (const [name, expected] of CASES) {
  test(`flows: ${name} → ${expected.length === 0 ? 'no flow' : expected.join('; ')}`, () => {
    const mine = findings.filter((finding) => owners(finding)[0] === name);
    assert.deepEqual(mine.map(describe), expected);
  });
}

test('flows: no flow starts in a helper class or an activity without a case (nothing invented)', () => {
  const known = new Set(CASES.map(([name]) => name));
  assert.deepEqual(
    findings.filter((finding) => !known.has(owners(finding)[0] ?? '')).map((finding) => renderClaim(finding)),
    [],
  );
});

test('flows: evidence starts at the source call site and ends at the sink call site, each a code evidence item', () => {
  for (const finding of findings) {
    assert.equal(finding.topic, 'flow');
    assert.ok(finding.evidence.length >= 2 || finding.args.sourceKind === 'callback-parameter', renderClaim(finding));
    assert.ok(finding.evidence.every((evidence) => evidence.kind === 'code'));
    const last = finding.evidence[finding.evidence.length - 1] as CodeEvidence;
    assert.ok(
      /->(sendTextMessage|i|openConnection|write)\(/.test(last.target),
      `${renderClaim(finding)}: last evidence ${last.target}`,
    );
  }
  const direct = findings.find((finding) => owners(finding)[0] === 'DirectSms');
  const first = direct?.evidence[0] as CodeEvidence;
  assert.equal(first.target, 'Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;');
  assert.equal(first.method, 'onCreate(Landroid/os/Bundle;)V');
});

test('flows: the path names the hops between (HelperReturn: source, return, sink; LifecycleField: write, read)', () => {
  const member = (target: string): string =>
    target.includes('->') ? target.slice(target.indexOf('->') + 2, target.indexOf('(')) : target;
  const hops = (name: string): string[] =>
    (findings.find((finding) => owners(finding)[0] === name)?.evidence ?? []).map((evidence) =>
      evidence.kind === 'code'
        ? `${evidence.method.slice(0, evidence.method.indexOf('('))} ${member(evidence.target)}`
        : '',
    );
  assert.deepEqual(hops('HelperReturn'), ['readId getDeviceId', 'readId return-object', 'onCreate i']);
  assert.deepEqual(hops('LifecycleField').length, 4);
});

test('flows: the output is deterministic (same findings, same order, twice)', () => {
  assert.deepEqual(run(model), findings);
});

test('flows: the demo app sends the IMEI, IMSI and location to its upload host and the ID number by SMS, not its length', () => {
  const demo = run(demoModel());
  assert.deepEqual(demo.map(describe), [
    'device-id network http://survey.example.org/api/v1/upload',
    'device-id network http://survey.example.org/api/v1/upload',
    'location network http://survey.example.org/api/v1/upload',
    'identity-document sms +8600000000000',
  ]);
  assert.ok(demo.every((finding) => finding.args.sinkApi !== 'android.util.Log.i'));
});

test('flows: an app without sources reports nothing (the hostile app)', () => {
  assert.deepEqual(run(hostileModel()), []);
});

test('flows: a budget too small to finish ends in a diagnostic, not a hang', () => {
  const code = model.code;
  assert.ok(code);
  const engine = new FlowEngine(
    { code, dexSources: model.dexSources, manifest: model.manifest, layouts: [], formFields: () => new Map() },
    { budget: 60 },
  );
  const result = engine.run();
  assert.ok(result.diagnostics.some((diagnostic) => diagnostic.code === 'flows.budget-exhausted'));
  assert.ok(result.statistics.steps <= 60 + 100);
});

test("flows: the scan's facts handed to the engine (classes, method names, code strings) change nothing it finds", () => {
  for (const app of [model, demoModel()]) {
    const code = app.code;
    assert.ok(code);
    const input = {
      code,
      dexSources: app.dexSources,
      manifest: app.manifest,
      layouts: [],
      formFields: () => new Map(),
    };
    const facts = new ScanContext([app]).facts(app);
    const own = new FlowEngine(input).run();
    const shared = new FlowEngine({
      ...input,
      classes: () => facts.classDefinitions(),
      methodsNamed: (owner, name) => facts.methodsOfClass(owner, name),
      codeStrings: () => facts.codeStrings(),
    }).run();
    assert.ok(own.flows.length > 0);
    assert.deepEqual(shared, own);
  }
});
