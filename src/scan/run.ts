/**
 * Running rules over app models: every rule on every APK, findings checked for
 * evidence, rule failures kept as data (one broken rule never hides the others).
 */
import type { AppModel } from '../model/app-model.js';
import type { Rule } from '../rules/types.js';
import type { Confidence, Finding, FindingTopic } from '../findings/types.js';
import { isDataCategory } from '../findings/vocabulary.js';
import { claimText } from '../text/annotate.js';

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };
export const FINDING_TOPICS: readonly FindingTopic[] = [
  'collection',
  'form',
  'labels',
  'destination',
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

export function runRules(models: readonly AppModel[], rules: readonly Rule[]): RunResult {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  const spent = new Map<string, number>();
  // Every APK sees the others of the same app: a split's library is loaded by the base's code, a base's layout reads a split's strings.
  const context = { apks: models };
  for (const model of models) {
    for (const rule of rules) {
      const started = performance.now();
      try {
        for (const finding of rule.run(model, context)) {
          // A finding without evidence is a bug in the rule: report it, never print an unsupported claim.
          if (finding.evidence.length === 0)
            failures.push({
              ruleId: rule.meta.id,
              apkSha256: model.apk.sha256,
              message: `finding ${finding.code} has no evidence`,
            });
          // Claims are one line: app strings in them (URLs, class names, commands) cannot forge lines or reading order.
          else findings.push(safeClaim(finding));
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

/**
 * The finding with its claim made one line; the rule's own object when the claim needs no escaping
 * (nearly always): a spread copy of every finding, of a dozen rules' shapes, was a megamorphic clone.
 */
function safeClaim(finding: Finding): Finding {
  const claim = claimText(finding.claim);
  return claim === finding.claim ? finding : { ...finding, claim };
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
