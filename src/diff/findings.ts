/**
 * Findings added, removed and changed between two reports, matched by key
 * (src/diff/keys.ts), with the evidence that appeared or disappeared for findings
 * present on both sides.
 */
import type { Confidence, Evidence, Finding } from '../findings/types.js';
import { findingJson, renderClaim } from '../report/claim.js';
import { SEVERITIES, severities, severityRank, type Severity } from '../scan/severity.js';
import { evidenceKey, findingKey, matchByKey, normaliseArgument, sortedBy } from './keys.js';
import type {
  EvidenceChange,
  EvidenceCount,
  FindingChange,
  FindingEntry,
  FindingsDiff,
  SeverityCounts,
  ValueChange,
} from './types.js';

const CONFIDENCE_ORDER: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };

function argumentChanges(oldFinding: Finding, newFinding: Finding): ValueChange[] {
  const names = [...new Set([...Object.keys(oldFinding.args), ...Object.keys(newFinding.args)])].sort();
  const changes: ValueChange[] = [];
  for (const name of names) {
    const before = oldFinding.args[name];
    const after = newFinding.args[name];
    if (
      before !== undefined &&
      after !== undefined &&
      JSON.stringify(normaliseArgument(before)) === JSON.stringify(normaliseArgument(after))
    )
      continue;
    changes.push({
      field: name,
      ...(before !== undefined ? { old: before } : {}),
      ...(after !== undefined ? { new: after } : {}),
    });
  }
  return changes;
}

function countByKey(evidence: readonly Evidence[]): Map<string, Evidence[]> {
  const groups = new Map<string, Evidence[]>();
  for (const item of evidence) {
    const key = evidenceKey(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function evidenceChange(oldFinding: Finding, newFinding: Finding): EvidenceChange {
  const before = countByKey(oldFinding.evidence);
  const after = countByKey(newFinding.evidence);
  const counts: EvidenceCount[] = [];
  for (const [key, items] of after) {
    const previous = before.get(key);
    if (previous && previous.length !== items.length)
      counts.push({ example: items[0] as Evidence, old: previous.length, new: items.length });
  }
  return {
    appeared: newFinding.evidence.filter((item) => !before.has(evidenceKey(item))),
    disappeared: oldFinding.evidence.filter((item) => !after.has(evidenceKey(item))),
    counts,
  };
}

function compareFindings(
  key: string,
  oldFinding: Finding,
  newFinding: Finding,
  severity: FindingChange['severity'],
): FindingChange | undefined {
  const args = argumentChanges(oldFinding, newFinding);
  const evidence = evidenceChange(oldFinding, newFinding);
  const confidenceChanged = oldFinding.confidence !== newFinding.confidence;
  if (
    args.length === 0 &&
    !confidenceChanged &&
    severity.old === severity.new &&
    evidence.appeared.length + evidence.disappeared.length + evidence.counts.length === 0
  )
    return undefined;
  return {
    key,
    ruleId: newFinding.ruleId,
    code: newFinding.code,
    topic: newFinding.topic,
    ...(newFinding.category !== undefined ? { category: newFinding.category } : {}),
    oldClaim: renderClaim(oldFinding),
    newClaim: renderClaim(newFinding),
    args,
    ...(confidenceChanged ? { confidence: { old: oldFinding.confidence, new: newFinding.confidence } } : {}),
    severity,
    evidence,
  };
}

/** Most severe first, then surest, then by key: the scan report's order, made stable across two reports. */
function bySeverity(a: FindingEntry, b: FindingEntry): number {
  return (
    severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
    CONFIDENCE_ORDER[a.finding.confidence] - CONFIDENCE_ORDER[b.finding.confidence] ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** How many of `entries` at each severity. */
export function severityCounts(entries: readonly FindingEntry[]): SeverityCounts {
  const counts = Object.fromEntries([...SEVERITIES].reverse().map((severity) => [severity, 0])) as Record<
    Severity,
    number
  >;
  for (const entry of entries) counts[entry.finding.severity] += 1;
  return counts;
}

/**
 * Findings of both reports. Added and removed findings are ranked by severity (each side's
 * severities judged on that side's whole app, as its scan report does), then confidence, then key;
 * changed findings by key. Equal keys keep report order (Array.prototype.sort is stable).
 */
export function diffFindings(oldFindings: readonly Finding[], newFindings: readonly Finding[]): FindingsDiff {
  const oldSeverity = severities(oldFindings);
  const newSeverity = severities(newFindings);
  const entry = (finding: Finding) => ({ key: findingKey(finding), finding });
  const matched = matchByKey(oldFindings.map(entry), newFindings.map(entry), (item) => item.key);
  const json =
    (severityOf: (finding: Finding) => Severity) =>
    (item: { key: string; finding: Finding }): FindingEntry => {
      const severity = severityOf(item.finding);
      return {
        key: item.key,
        finding: { ...findingJson(item.finding, renderClaim(item.finding), severity), severity },
      };
    };
  const changed: FindingChange[] = [];
  let unchanged = 0;
  for (const [before, after] of matched.pairs) {
    const severity = { old: oldSeverity(before.finding), new: newSeverity(after.finding) };
    const change = compareFindings(before.key, before.finding, after.finding, severity);
    if (change) changed.push(change);
    else unchanged += 1;
  }
  return {
    added: sortedBy(matched.onlyNew, (item) => item.key)
      .map(json(newSeverity))
      .sort(bySeverity),
    removed: sortedBy(matched.onlyOld, (item) => item.key)
      .map(json(oldSeverity))
      .sort(bySeverity),
    changed: sortedBy(changed, (item) => item.key),
    unchanged,
  };
}
