/**
 * Running rules over app models: every rule on every APK with one scan context, findings
 * checked against the rule's declared codes and for evidence, rule failures kept as data
 * (one broken rule never hides the others).
 */
import type { AppModel } from '../model/app-model.js';
import type { Rule } from '../rules/types.js';
import type { Confidence, Finding, FindingTopic } from '../findings/types.js';
import { isDataCategory } from '../findings/vocabulary.js';
import { checkFinding } from '../findings/contract.js';
import { ScanContext } from '../rules/shared/context.js';
import { Glosser } from '../text/annotate.js';

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };
export const FINDING_TOPICS: readonly FindingTopic[] = [
  'collection',
  'form',
  'labels',
  'destination',
  'flow',
  'sdk',
  'asset',
  'obfuscation',
  'behaviour',
  'exposure',
  'signing',
  'tampering',
];

export interface RuleFailure {
  readonly ruleId: string;
  readonly apkSha256: string;
  readonly message: string;
}

export interface RuleTiming {
  readonly ruleId: string;
  readonly milliseconds: number;
}

export interface RunResult {
  readonly findings: Finding[];
  readonly failures: RuleFailure[];
  readonly timings: RuleTiming[];
}

/** `text`: the scan's glosser, handed to every rule through the context. */
export function runRules(
  models: readonly AppModel[],
  rules: readonly Rule[],
  text: Glosser = new Glosser(),
): RunResult {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const spent = new Map<string, number>();
  // Every APK sees the others of the same app: a split's library is loaded by the base's code, a base's layout reads a split's strings.
  // The context (and the facts it computes per APK) lives for this run only.
  const context = new ScanContext(models, text);
  for (const model of models) {
    for (const rule of rules) {
      const started = performance.now();
      try {
        for (const finding of rule.run(model, context)) {
          // An undeclared code, a wrongly typed argument or a finding without evidence is a bug in the rule:
          // report it, never print a claim the contract cannot render or the evidence cannot support.
          const problem =
            checkFinding(rule.meta.id, rule.meta.codes, finding) ??
            (finding.evidence.length === 0 ? `finding ${finding.code} has no evidence` : undefined);
          if (problem !== undefined)
            failures.push({ ruleId: rule.meta.id, apkSha256: model.apk.sha256, message: problem });
          else findings.push(finding);
        }
      } catch (error) {
        failures.push({
          ruleId: rule.meta.id,
          apkSha256: model.apk.sha256,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      spent.set(rule.meta.id, (spent.get(rule.meta.id) ?? 0) + performance.now() - started);
    }
  }
  return {
    findings,
    failures,
    timings: [...spent].map(([ruleId, milliseconds]) => ({ ruleId, milliseconds: Math.round(milliseconds) })),
  };
}

export function atLeast(findings: readonly Finding[], minimum: Confidence): Finding[] {
  return findings.filter((finding) => CONFIDENCE_RANK[finding.confidence] >= CONFIDENCE_RANK[minimum]);
}

/** True when `name` is a data category or a topic (what --fail-on accepts). */
export function isCategoryOrTopic(name: string): boolean {
  return isDataCategory(name) || (FINDING_TOPICS as readonly string[]).includes(name);
}

export function matchesCategoryOrTopic(finding: Finding, name: string): boolean {
  return finding.category === name || finding.topic === name;
}
