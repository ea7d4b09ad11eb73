/**
 * runRules: every finding held to its rule's declared codes (an undeclared code, a wrong topic or
 * a wrongly typed argument is a rule failure, not a finding), evidence required, failures kept as
 * data; confidence and --fail-on filters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, isCategoryOrTopic, matchesCategoryOrTopic, runRules } from '../../src/scan/run.js';
import { arg, defineCodes, emitter } from '../../src/findings/contract.js';
import type { Finding } from '../../src/findings/types.js';
import type { Rule } from '../../src/rules/types.js';
import { handBuiltModel } from './models.js';

const EVIDENCE = [{ kind: 'bytes' as const, apkSha256: '0'.repeat(64), entry: 'assets/x', start: 0, end: 4 }];

const CODES = defineCodes({
  names: {
    topic: 'collection',
    summary: 'a test code',
    args: { text: arg.text, count: arg.integer, tags: arg.optional(arg.list(arg.string)) },
    message: (args) => `names ${args.text}`,
  },
});
const emit = emitter('test-rule', CODES);

function finding(overrides: Partial<Finding>): Finding {
  return {
    ...emit('names', { args: { text: 'x', count: 1 }, confidence: 'medium', evidence: EVIDENCE }),
    ...overrides,
  };
}

function ruleReturning(produce: () => Finding[]): Rule {
  return { meta: { id: 'test-rule', description: '', categories: [], references: [], codes: CODES }, run: produce };
}

test('runRules: findings that keep the contract pass unchanged', () => {
  const good = finding({ args: { text: 'x', count: 2, tags: ['a', 'b'] } });
  const run = runRules([handBuiltModel()], [ruleReturning(() => [good])]);
  assert.deepEqual(run.failures, []);
  assert.equal(run.findings[0], good);
  assert.equal(good.code, 'test-rule.names');
});

const BROKEN: ReadonlyArray<readonly [string, Partial<Finding>, string]> = [
  ['an undeclared code', { code: 'test-rule.other' }, 'code test-rule.other is not declared by rule test-rule'],
  ['a code of another prefix', { code: 'test.names' }, 'code test.names is not declared by rule test-rule'],
  ['another rule id', { ruleId: 'other-rule' }, 'finding of rule other-rule emitted by rule test-rule'],
  ['a topic other than declared', { topic: 'sdk' }, 'finding test-rule.names has topic sdk, declared collection'],
  ['a missing argument', { args: { text: 'x' } }, 'finding test-rule.names: args.count is missing'],
  [
    'an undeclared argument',
    { args: { text: 'x', count: 1, extra: 1 } },
    'finding test-rule.names: args.extra is not declared',
  ],
  [
    'a string where a number is declared',
    { args: { text: 'x', count: '1' } },
    'finding test-rule.names: args.count is not an integer',
  ],
  [
    'a fraction where an integer is declared',
    { args: { text: 'x', count: 1.5 } },
    'finding test-rule.names: args.count is not an integer',
  ],
  [
    'a list holding a number',
    { args: { text: 'x', count: 1, tags: ['a', 2] } },
    'finding test-rule.names: args.tags[1] is not a string',
  ],
  [
    'JSON text where a list is declared',
    { args: { text: 'x', count: 1, tags: '["a"]' } },
    'finding test-rule.names: args.tags is not a list',
  ],
  ['no evidence', { evidence: [] }, 'finding test-rule.names has no evidence'],
];

for (const [what, overrides, message] of BROKEN) {
  test(`runRules: ${what} is a rule failure, not a finding`, () => {
    const run = runRules([handBuiltModel()], [ruleReturning(() => [finding(overrides)])]);
    assert.deepEqual(run.findings, []);
    assert.deepEqual(
      run.failures.map((failure) => failure.message),
      [message],
    );
  });
}

test('runRules: a throwing rule does not stop the others', () => {
  const run = runRules(
    [handBuiltModel()],
    [
      ruleReturning(() => {
        throw new Error('boom');
      }),
      ruleReturning(() => [finding({})]),
    ],
  );
  assert.equal(run.findings.length, 1);
  assert.deepEqual(
    run.failures.map((failure) => failure.message),
    ['boom'],
  );
});

test('confidence filter and --fail-on matching', () => {
  const findings = [
    finding({ confidence: 'low' }),
    finding({ confidence: 'medium', category: 'sms' }),
    finding({ confidence: 'high', topic: 'destination' }),
  ];
  assert.equal(atLeast(findings, 'low').length, 3);
  assert.equal(atLeast(findings, 'medium').length, 2);
  assert.equal(atLeast(findings, 'high').length, 1);
  assert.ok(matchesCategoryOrTopic(findings[1] as Finding, 'sms'));
  assert.ok(matchesCategoryOrTopic(findings[2] as Finding, 'destination'));
  assert.ok(!matchesCategoryOrTopic(findings[0] as Finding, 'sms'));
  for (const [name, valid] of [
    ['sms', true],
    ['destination', true],
    ['behaviour', true],
    ['SMS', false],
    ['', false],
    ['messages', false],
  ] as const) {
    assert.equal(isCategoryOrTopic(name), valid, name);
  }
});
