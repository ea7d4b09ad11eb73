/**
 * Findings added, removed and changed between two reports, matched by key
 * (src/diff/keys.ts), with the evidence that appeared or disappeared for findings
 * present on both sides.
 */
import type { Evidence, Finding } from '../findings/types.js';
import { findingJson, renderClaim } from '../report/claim.js';
import { evidenceKey, findingKey, matchByKey, normaliseArgument, sortedBy } from './keys.js';
import type { EvidenceChange, EvidenceCount, FindingChange, FindingEntry, FindingsDiff, ValueChange } from './types.js';

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

function compareFindings(key: string, oldFinding: Finding, newFinding: Finding): FindingChange | undefined {
  const args = argumentChanges(oldFinding, newFinding);
  const evidence = evidenceChange(oldFinding, newFinding);
  const confidenceChanged = oldFinding.confidence !== newFinding.confidence;
  if (
    args.length === 0 &&
    !confidenceChanged &&
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
    evidence,
  };
}

/** Findings of both reports; ordered by key, then (same key) by order in the report. */
export function diffFindings(oldFindings: readonly Finding[], newFindings: readonly Finding[]): FindingsDiff {
  const entry = (finding: Finding) => ({ key: findingKey(finding), finding });
  const matched = matchByKey(oldFindings.map(entry), newFindings.map(entry), (item) => item.key);
  const json = (item: { key: string; finding: Finding }): FindingEntry => ({
    key: item.key,
    finding: findingJson(item.finding),
  });
  const changed: FindingChange[] = [];
  let unchanged = 0;
  for (const [before, after] of matched.pairs) {
    const change = compareFindings(before.key, before.finding, after.finding);
    if (change) changed.push(change);
    else unchanged += 1;
  }
  // Array.prototype.sort is stable (ES2019): equal keys keep report order.
  return {
    added: sortedBy(matched.onlyNew, (item) => item.key).map(json),
    removed: sortedBy(matched.onlyOld, (item) => item.key).map(json),
    changed: sortedBy(changed, (item) => item.key),
    unchanged,
  };
}
