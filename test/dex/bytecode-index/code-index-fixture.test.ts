/**
 * The code index on fixtures/smali/index-app (two dex files, hand-written so
 * every expected answer below can be checked against the smali sources).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodeIndex, type CodeIndex } from '../../../src/model/code-index/index.js';
import { Interner } from '../../../src/model/code-index/interner.js';
import { MemberTable } from '../../../src/model/code-index/members.js';
import { dexFileSource, type DexSource } from '../../../src/model/code/index.js';
import { repositoryRoot } from '../../support/corpus.js';

const appDirectory = join(repositoryRoot, 'fixtures', 'smali', 'index-app');

function load(names: readonly string[]): DexSource[] {
  return names.map((name) => dexFileSource(name, new Uint8Array(readFileSync(join(appDirectory, name)))).value);
}

const built = buildCodeIndex(load(['classes.dex', 'classes2.dex']));
const index: CodeIndex = built.value;
const GET_DEVICE_ID = 'Landroid/telephony/TelephonyManager;->getDeviceId()Ljava/lang/String;';

test('statistics count what the smali defines', () => {
  const statistics = index.statistics();
  assert.equal(statistics.dexFiles, 2);
  // Tracker, Uploader, Loop, LoopBack, IfaceA, IfaceB (classes.dex); Net, SubTracker (classes2.dex);
  // the second Tracker is shadowed.
  assert.equal(statistics.classesDefined, 8);
  assert.equal(statistics.methodsDefined, 6);
});

test('a framework API called through an app subclass resolves to the framework class', () => {
  const calls = index.callSitesOf(GET_DEVICE_ID);
  assert.equal(calls.length, 1);
  const call = calls[0];
  assert.equal(call?.caller, 'Lapp/Tracker;->collect()V');
  assert.equal(call.target, 'Lapp/Tracker;->getDeviceId()Ljava/lang/String;');
  assert.equal(call.dex, 'classes.dex');
  assert.equal(call.codeUnitOffset, 0);
  assert.equal(call.invokeKind, 'virtual');
  assert.deepEqual(index.callSitesOf(GET_DEVICE_ID, false), []);
  assert.deepEqual(index.resolveMethod('Lapp/Tracker;->getDeviceId()Ljava/lang/String;'), {
    reference: 'Lapp/Tracker;->getDeviceId()Ljava/lang/String;',
    resolved: GET_DEVICE_ID,
    definedInApp: false,
  });
});

test('an app method called through a subclass in another dex resolves to its definition', () => {
  assert.deepEqual(index.resolveMethod('Lapp/SubTracker;->collect()V'), {
    reference: 'Lapp/SubTracker;->collect()V',
    resolved: 'Lapp/Tracker;->collect()V',
    definedInApp: true,
  });
  const calls = index.callSitesOf('Lapp/Tracker;->collect()V');
  assert.deepEqual(
    calls.map((call) => [call.caller, call.dex]),
    [['Lapp/SubTracker;->again()V', 'classes2.dex']],
  );
});

test('string uses give every method and offset', () => {
  const uses = index.stringUses('https://collector.example/upload');
  assert.deepEqual(uses.map((use) => use.caller).sort(), [
    'Lapp/Tracker;->collect()V',
    'Lapp/Uploader;->upload(Ljava/lang/String;)V',
  ]);
  for (const use of uses) assert.equal(use.mnemonic, 'const-string');
  assert.deepEqual(index.stringUses('shadowed'), [], 'code of the shadowed duplicate class is not indexed');
  assert.ok(
    [...index.strings()].some((entry) => entry.text === 'https://collector.example/upload' && entry.uses === 2),
  );
});

test('field readers and writers, including a read through a subclass', () => {
  const endpoint = index.fieldAccesses('Lapp/Tracker;->endpoint:Ljava/lang/String;');
  assert.deepEqual(
    endpoint.writes.map((use) => use.caller),
    ['Lapp/Tracker;->collect()V'],
  );
  assert.deepEqual(
    endpoint.reads.map((use) => use.caller),
    ['Lapp/Uploader;->upload(Ljava/lang/String;)V'],
  );
  const imei = index.fieldAccesses('Lapp/Tracker;->imei:Ljava/lang/String;');
  assert.deepEqual(
    imei.writes.map((use) => use.mnemonic),
    ['iput-object'],
  );
  assert.deepEqual(
    imei.reads.map((use) => [use.caller, use.target]),
    [['Lapp/SubTracker;->again()V', 'Lapp/SubTracker;->imei:Ljava/lang/String;']],
  );
});

test('call sites of the app interface and of the app helper in classes2.dex', () => {
  assert.deepEqual(
    index.callSitesOf('Lapp/Uploader;->upload(Ljava/lang/String;)V').map((call) => call.invokeKind),
    ['interface'],
  );
  const post = index.callSitesOf('Lapp/Net;->post(Ljava/lang/String;Ljava/lang/String;)V');
  assert.deepEqual(
    post.map((call) => [call.caller, call.invokeKind]),
    [['Lapp/Uploader;->upload(Ljava/lang/String;)V', 'static']],
  );
  assert.deepEqual(
    index.typeUses('Ljava/net/URL;').map((use) => use.kind),
    ['new-instance'],
  );
  assert.deepEqual(
    index.referencesFrom('Lapp/Net;->post(Ljava/lang/String;Ljava/lang/String;)V').map((use) => use.target),
    [
      'Ljava/net/URL;',
      'Ljava/net/URL;-><init>(Ljava/lang/String;)V',
      'Ljava/net/URL;->openConnection()Ljava/net/URLConnection;',
    ],
  );
  const external = [...index.externalMethods()];
  assert.ok(external.includes('Ljava/net/URL;->openConnection()Ljava/net/URLConnection;'));
  assert.ok(!external.includes('Lapp/Net;->post(Ljava/lang/String;Ljava/lang/String;)V'));
});

test('hierarchy: superclass, interfaces, subclasses across dex files', () => {
  const tracker = index.classInfo('Lapp/Tracker;');
  assert.equal(tracker?.definition?.dex, 'classes.dex');
  assert.equal(tracker.superclass, 'Landroid/telephony/TelephonyManager;');
  assert.deepEqual(tracker.interfaces, ['Lapp/Uploader;']);
  assert.deepEqual(tracker.subclasses, ['Lapp/SubTracker;']);
  assert.deepEqual(index.classInfo('Lapp/Uploader;')?.implementers, ['Lapp/Tracker;']);
  assert.deepEqual(index.superclassChain('Lapp/SubTracker;'), {
    chain: ['Lapp/SubTracker;', 'Lapp/Tracker;', 'Landroid/telephony/TelephonyManager;'],
    cycle: false,
  });
  assert.deepEqual(index.descendants('Landroid/telephony/TelephonyManager;').sort(), [
    'Lapp/SubTracker;',
    'Lapp/Tracker;',
  ]);
  assert.equal(index.classInfo('Landroid/telephony/TelephonyManager;')?.definition, undefined);
});

test('a superclass cycle is reported and every walk over it ends', () => {
  assert.ok(built.diagnostics.some((diagnostic) => diagnostic.code === 'code-index.hierarchy-cycle'));
  assert.deepEqual(index.superclassChain('Lapp/Loop;'), { chain: ['Lapp/Loop;', 'Lapp/LoopBack;'], cycle: true });
  assert.deepEqual(index.descendants('Lapp/Loop;'), ['Lapp/LoopBack;']);
  // Lapp/Loop;->missing()V is defined nowhere and the chain never leaves the app: it stays as written.
  assert.equal(index.resolveMethod('Lapp/Loop;->missing()V')?.resolved, 'Lapp/Loop;->missing()V');
});

test('a shadowed duplicate class is reported', () => {
  const duplicate = built.diagnostics.find((diagnostic) => diagnostic.code === 'code-index.duplicate-class');
  assert.ok(duplicate);
  assert.match(duplicate.detail, /Lapp\/Tracker; in classes2\.dex/);
});

test('dex order decides which duplicate wins', () => {
  const reversed = buildCodeIndex(load(['classes2.dex', 'classes.dex'])).value;
  assert.equal(reversed.classInfo('Lapp/Tracker;')?.superclass, 'Ljava/lang/Object;');
  assert.equal(reversed.stringUses('shadowed').length, 1);
});

test('defined classes and method definitions', () => {
  assert.deepEqual([...index.definedClasses()].sort(), [
    'Lapp/IfaceA;',
    'Lapp/IfaceB;',
    'Lapp/Loop;',
    'Lapp/LoopBack;',
    'Lapp/Net;',
    'Lapp/SubTracker;',
    'Lapp/Tracker;',
    'Lapp/Uploader;',
  ]);
  const post = index.methodDefinition('Lapp/Net;->post(Ljava/lang/String;Ljava/lang/String;)V');
  assert.equal(post?.dex, 'classes2.dex');
  assert.equal(post.accessFlags, 0x9);
  const firstCall = index.referencesFrom('Lapp/Net;->post(Ljava/lang/String;Ljava/lang/String;)V')[0];
  assert.equal(firstCall?.absoluteOffset, post.instructionsOffset, 'new-instance is the first instruction');
  assert.equal(index.methodDefinition(GET_DEVICE_ID), undefined);
});

test('a superinterface cycle is reported, and walks over it end', () => {
  const cycles = built.diagnostics.filter((diagnostic) => diagnostic.code === 'code-index.interface-cycle');
  assert.equal(cycles.length, 1);
  assert.match(cycles[0]?.detail ?? '', /Lapp\/Iface[AB];.*Lapp\/Iface[AB];/);
  assert.deepEqual(index.descendants('Lapp/IfaceA;'), ['Lapp/IfaceB;']);
  // Lapp/IfaceA;->probe()V resolves through the cycle to IfaceB's (abstract) declaration.
  assert.deepEqual(index.resolveMethod('Lapp/IfaceA;->probe()V'), {
    reference: 'Lapp/IfaceA;->probe()V',
    resolved: 'Lapp/IfaceB;->probe()V',
    definedInApp: true,
  });
  assert.deepEqual(
    index.callSitesOf('Lapp/IfaceB;->probe()V').map((call) => call.caller),
    ['Lapp/LoopBack;->spin()V'],
  );
});

test('signature lookups give the same answer every time they are asked, misses included', () => {
  const cases: Array<[string, 'method' | 'field', boolean]> = [
    [GET_DEVICE_ID, 'method', true],
    ['Lapp/Tracker;->collect()V', 'method', true],
    ['Lapp/Tracker;->collect()I', 'method', false],
    ['Lapp/Tracker;->collect(', 'method', false],
    ['Lapp/Tracker;collect()V', 'method', false],
    ['Lapp/Nowhere;->collect()V', 'method', false],
    ['', 'method', false],
    ['Lapp/Tracker;->collect:I', 'field', false],
  ];
  for (const [signature, kind, present] of cases) {
    const ask = (): number | undefined => (kind === 'method' ? index.methodId(signature) : index.fieldId(signature));
    const first = ask();
    assert.equal(first !== undefined, present, signature);
    // Asked again, and with an equal string built another way (the remembered answer is keyed by content).
    assert.equal(ask(), first, signature);
    const rebuilt = [...signature].join('');
    assert.equal(kind === 'method' ? index.methodId(rebuilt) : index.fieldId(rebuilt), first, signature);
    if (first !== undefined)
      assert.equal(kind === 'method' ? index.methodSignature(first) : index.fieldSignature(first), signature);
  }
});

test('a member added after a lookup missed it is found', () => {
  const names = new Interner();
  const types = new Interner();
  const table = new MemberTable('field', names, types, types);
  const signature = 'La;->f:I';
  assert.equal(table.find(signature), undefined);
  const id = table.intern(types.intern('La;'), names.intern('f'), types.intern('I'));
  assert.equal(table.find(signature), id);
  assert.equal(table.find(signature), id);
});
