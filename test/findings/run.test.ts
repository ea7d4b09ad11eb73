/** runRules: evidence required, failures kept as data, claims made one-line safe, confidence and --fail-on filters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atLeast, isCategoryOrTopic, matchesCategoryOrTopic, runRules } from '../../src/scan/run.js';
import type { Finding } from '../../src/findings/types.js';
import type { Rule } from '../../src/rules/types.js';
import { handBuiltModel } from './models.js';

const EVIDENCE = [{ kind: 'bytes' as const, apkSha256: '0'.repeat(64), entry: 'assets/x', start: 0, end: 4 }];

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: 'test-rule',
    code: 'test.code',
    topic: 'collection',
    claim: 'claim',
    args: {},
    confidence: 'medium',
    evidence: EVIDENCE,
    ...overrides,
  };
}

function ruleReturning(produce: () => Finding[]): Rule {
  return { meta: { id: 'test-rule', description: '', categories: [], references: [] }, run: produce };
}

test('runRules: a claim carrying bidi overrides, ANSI and newlines becomes one safe line', () => {
  const run = runRules(
    [handBuiltModel()],
    [ruleReturning(() => [finding({ claim: 'names invoice\u202egpj.exe\n\u001b[31mred' })])],
  );
  assert.equal(run.findings[0]?.claim, 'names invoice\\u{202e}gpj.exe\\u{a}\\u{1b}[31mred');
});

test('runRules: a finding without evidence is a rule failure, not a finding; a throwing rule does not stop the others', () => {
  const run = runRules(
    [handBuiltModel()],
    [
      ruleReturning(() => [finding({ evidence: [] })]),
      ruleReturning(() => {
        throw new Error('boom');
      }),
      ruleReturning(() => [finding({})]),
    ],
  );
  assert.equal(run.findings.length, 1);
  assert.deepEqual(
    run.failures.map((failure) => failure.message),
    ['finding test.code has no evidence', 'boom'],
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
