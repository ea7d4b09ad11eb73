/**
 * How findings and evidence are matched between two builds. Offsets (dex file
 * offsets, XML byte offsets and lines, resource ids, APK hashes) move whenever
 * anything else in the file changes, so they never take part in a key: a finding
 * is identified by its rule, code, category and the arguments its code declares as
 * its identity (src/findings/contract.ts `views.identity`: the permission, the API,
 * the URL, the field…); evidence by its kind and what it points at (class + method +
 * target, entry + element, resource name + locale + value). Everything else in `args`
 * (counts, lists, glosses, matched terms) is a fact that can change while the finding
 * stays the same one.
 */
import type { ArgValue, Evidence, Finding } from '../findings/types.js';
import { identityOf } from '../scan/catalogue.js';

/** Unit separator: cannot occur in the JSON-escaped values below, so keys never collide. */
const SEPARATOR = '\u001f';

/** `…collectReport()Ljava/lang/String;@0xd` → `…collectReport()Ljava/lang/String;@`: code offsets quoted inside arguments move too. */
const QUOTED_CODE_OFFSET = /@0x[0-9a-f]+/g;

/** Nesting followed when normalising (the declared argument types are at most 4 deep). */
const MAX_DEPTH = 8;

/** The value with code offsets quoted in its strings (`…@0xd`) removed, at every depth. */
export function normaliseArgument(value: ArgValue, depth = 0): ArgValue {
  if (typeof value === 'string') return value.replace(QUOTED_CODE_OFFSET, '@');
  if (depth > MAX_DEPTH || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: ArgValue) => normaliseArgument(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [name, normaliseArgument(item, depth + 1)] as const),
  );
}

export function findingKey(finding: Finding): string {
  const parts = [finding.ruleId, finding.code, finding.category ?? ''];
  for (const [name, value] of identityOf(finding)) parts.push(`${name}=${JSON.stringify(value)}`);
  return parts.join(SEPARATOR);
}

export function evidenceKey(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'code':
      return ['code', evidence.entry, evidence.className, evidence.method, evidence.target].join(SEPARATOR);
    case 'xml':
      return ['xml', evidence.entry, evidence.element, evidence.attribute ?? ''].join(SEPARATOR);
    case 'resource':
      return ['resource', evidence.entry, evidence.name, evidence.locale, evidence.value ?? ''].join(SEPARATOR);
    case 'bytes':
      return ['bytes', evidence.entry, evidence.description ?? ''].join(SEPARATOR);
  }
}

export interface Matched<T> {
  readonly pairs: Array<readonly [T, T]>;
  readonly onlyOld: T[];
  readonly onlyNew: T[];
}

/**
 * Pairs items with equal keys, the n-th old with the n-th new of the same key (items
 * with the same key are indistinguishable once offsets are ignored); the rest are
 * one-sided. Order: old items keep their order, new-only items keep theirs.
 */
export function matchByKey<T>(oldItems: readonly T[], newItems: readonly T[], keyOf: (item: T) => string): Matched<T> {
  const waiting = new Map<string, number[]>();
  newItems.forEach((item, index) => {
    const key = keyOf(item);
    const list = waiting.get(key);
    if (list) list.push(index);
    else waiting.set(key, [index]);
  });
  const pairs: Array<readonly [T, T]> = [];
  const onlyOld: T[] = [];
  const paired = new Set<number>();
  for (const item of oldItems) {
    const partner = waiting.get(keyOf(item))?.shift();
    if (partner === undefined) onlyOld.push(item);
    else {
      pairs.push([item, newItems[partner] as T]);
      paired.add(partner);
    }
  }
  return { pairs, onlyOld, onlyNew: newItems.filter((_item, index) => !paired.has(index)) };
}

/** Code-point order (not locale order): the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareText(keyOf(a), keyOf(b)));
}
