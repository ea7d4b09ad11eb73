/**
 * Rule tests as tables, after ESLint's RuleTester: `valid` cases must give no finding, `invalid`
 * cases the findings they list. Every finding a case produces is also held to the contract of its
 * rule (src/findings/contract.ts: a declared code, declared argument types, evidence) and its
 * claim must render as one line (src/report/claim.ts).
 *
 *   testRule(rule, {
 *     valid: [{ name: 'the hostile app', model: hostileModel }],
 *     invalid: [{ name: 'demo IMEI', model: demoModel, includes: [{ code: 'sensitive-api.reads', args: { api: '…' } }] }],
 *   });
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppModel } from '../../src/model/app-model.js';
import type { ArgValue, Finding } from '../../src/findings/types.js';
import type { Rule } from '../../src/rules/types.js';
import { checkFinding } from '../../src/findings/contract.js';
import { ScanContext } from '../../src/rules/shared/context.js';
import { Glosser } from '../../src/text/annotate.js';
import { dictionaries } from '../support/dictionaries.js';
import { renderClaim } from '../../src/report/claim.js';
import { needs, type Need } from '../support/needs.js';

/** The APKs scanned together: the rule looks at the first, and sees the others (splits of the same app). */
type Models = AppModel | readonly AppModel[];

export interface RuleCase {
  readonly name: string;
  readonly model: () => Models;
  /** What the case needs from outside the repository (test/support/needs.ts): skipped, with one line, where it is missing. */
  readonly needs?: readonly Need[];
}

function options(testCase: RuleCase): { skip: string | false } {
  return { skip: needs(...(testCase.needs ?? [])) };
}

/** A finding described by what matters to the case: any field, `args` compared as a subset (nested). */
type ExpectedFinding = Partial<Omit<Finding, 'args' | 'evidence'>> & {
  readonly args?: Readonly<Record<string, unknown>>;
  /** The claim as rendered. */
  readonly claim?: string | RegExp;
  /** How many evidence items. */
  readonly evidenceCount?: number;
};

export interface InvalidCase extends RuleCase {
  /** Exactly these findings, in this order. */
  readonly findings?: readonly ExpectedFinding[];
  /** At least these findings, each matched by some finding. */
  readonly includes?: readonly ExpectedFinding[];
  /** None of the findings matches any of these. */
  readonly excludes?: readonly ExpectedFinding[];
  /** More checks on the findings (oracles, evidence). */
  readonly check?: (findings: readonly Finding[]) => void;
}

/**
 * Runs `rule` on the first model with a fresh scan context (the test process's dictionaries, as a
 * scanning process shares its own), holding every finding to its rule's contract.
 */
export function runRule(rule: Rule, models: Models): Finding[] {
  const apks = Array.isArray(models) ? (models as readonly AppModel[]) : [models as AppModel];
  const findings = rule.run(apks[0]!, new ScanContext(apks, new Glosser(dictionaries)));
  for (const finding of findings) {
    const problem = checkFinding(rule.meta.id, rule.meta.codes, finding);
    assert.equal(problem, undefined, `${finding.code}: ${problem ?? ''}`);
    assert.ok(finding.evidence.length > 0, `${finding.code} has no evidence`);
    const claim = renderClaim(finding);
    assert.ok(claim.length > 0 && !/[\n\r\u2028\u2029]/.test(claim), `${finding.code} claim: ${claim}`);
  }
  return findings;
}

/** An argument as text for assertions: a string as it is, anything else as JSON ('' when absent). */
export function argText(value: ArgValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function subset(actual: unknown, expected: unknown): boolean {
  if (expected instanceof RegExp) return typeof actual === 'string' && expected.test(actual);
  if (typeof expected !== 'object' || expected === null) return Object.is(actual, expected);
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => subset(actual[index], item))
    );
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([key, value]) => subset((actual as Record<string, unknown>)[key], value));
}

/** True when `finding` fits everything `expected` names. */
function matchesFinding(finding: Finding, expected: ExpectedFinding): boolean {
  const { claim, evidenceCount, ...fields } = expected;
  if (claim !== undefined && !subset(renderClaim(finding), claim)) return false;
  if (evidenceCount !== undefined && finding.evidence.length !== evidenceCount) return false;
  return subset(finding, fields);
}

function show(findings: readonly Finding[]): string {
  return findings
    .map((finding) => `${finding.code} ${finding.category ?? ''} ${JSON.stringify(finding.args).slice(0, 200)}`)
    .join('\n');
}

export function testRule(
  rule: Rule,
  cases: { readonly valid?: readonly RuleCase[]; readonly invalid?: readonly InvalidCase[] },
): void {
  describe(`${rule.meta.id}: valid`, () => {
    for (const testCase of cases.valid ?? [])
      test(testCase.name, options(testCase), () => assert.deepEqual(show(runRule(rule, testCase.model())), ''));
  });
  describe(`${rule.meta.id}: invalid`, () => {
    for (const testCase of cases.invalid ?? [])
      test(testCase.name, options(testCase), () => {
        const findings = runRule(rule, testCase.model());
        if (testCase.findings !== undefined) {
          assert.equal(findings.length, testCase.findings.length, show(findings));
          testCase.findings.forEach((expected, index) =>
            assert.ok(matchesFinding(findings[index]!, expected), `finding ${index}:\n${show([findings[index]!])}`),
          );
        }
        for (const expected of testCase.includes ?? [])
          assert.ok(
            findings.some((finding) => matchesFinding(finding, expected)),
            `no finding fits ${JSON.stringify(expected)}:\n${show(findings)}`,
          );
        for (const expected of testCase.excludes ?? [])
          assert.ok(
            !findings.some((finding) => matchesFinding(finding, expected)),
            `a finding fits ${JSON.stringify(expected)}`,
          );
        assert.ok(findings.length > 0, 'an invalid case gives at least one finding');
        testCase.check?.(findings);
      });
  });
}
