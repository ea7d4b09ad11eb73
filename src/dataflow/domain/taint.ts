/**
 * Taint: which data a value may hold, as labels, each with one witness path (the hops the
 * data took to get here). Concrete labels stand for a source call site; symbolic labels
 * stand for "whatever the caller passed in this input" while a method is summarised, and
 * are replaced by the caller's own taint when the summary is applied.
 *
 * Paths are immutable linked lists shared between values. When two paths for one label
 * meet, the shorter is kept (the first one on a tie), so a fixed point is reached on the
 * label sets alone and the evidence stays a shortest known path.
 */

/** What a hop of a path is: the instruction a reader checks with dexdump. */
type HopKind = 'source' | 'call' | 'return' | 'field-write' | 'field-read' | 'static-write' | 'static-read' | 'sink';

export interface Hop {
  readonly kind: HopKind;
  /** Method holding the instruction: `Lcom/a/B;->m(I)V`. */
  readonly method: string;
  readonly dex: string;
  /** Code units from insns[0]. */
  readonly offset: number;
  /** Absolute offset in the dex. */
  readonly fileOffset: number;
  /** What the instruction references (a method or field signature). */
  readonly target: string;
}

export interface Path {
  readonly hop: Hop;
  readonly previous: Path | undefined;
  readonly length: number;
}

export function extend(path: Path | undefined, hop: Hop): Path {
  return { hop, previous: path, length: (path?.length ?? 0) + 1 };
}

/** The hops of a path, first to last. */
export function hopsOf(path: Path | undefined): Hop[] {
  const hops: Hop[] = [];
  for (let node = path; node !== undefined; node = node.previous) hops.push(node.hop);
  return hops.reverse();
}

/** `prefix` followed by the hops of `suffix` (a callee's path relative to its entry). */
export function concat(prefix: Path | undefined, suffix: Path | undefined): Path | undefined {
  if (suffix === undefined) return prefix;
  let path = prefix;
  for (const hop of hopsOf(suffix)) path = extend(path, hop);
  return path;
}

/** Label → witness path (undefined: the label's own input, no hop yet). */
export type Taint = ReadonlyMap<number, Path | undefined>;

export const NO_TAINT: Taint = new Map();

/** Symbolic labels are numbered from here (per method); concrete labels below (per app). */
export const SYMBOLIC_BASE = 1 << 24;

export const isSymbolic = (label: number): boolean => label >= SYMBOLIC_BASE;

function shorter(a: Path | undefined, b: Path | undefined): boolean {
  return (b?.length ?? 0) < (a?.length ?? 0);
}

/** Union of two taints (shorter path per label). */
export function joinTaint(a: Taint, b: Taint): Taint {
  if (b.size === 0 || a === b) return a;
  if (a.size === 0) return b;
  let out: Map<number, Path | undefined> | undefined;
  // Entries read by index: destructuring runs the iterator protocol per entry in unoptimised code.
  for (const pair of b) {
    const label = pair[0];
    const path = pair[1];
    if (!a.has(label)) {
      out ??= new Map(a);
      out.set(label, path);
    } else if (shorter(a.get(label), path)) {
      out ??= new Map(a);
      out.set(label, path);
    }
  }
  return out ?? a;
}

/** True when `b` has a label `a` lacks (paths are not compared). */
export function addsLabels(a: Taint, b: Taint): boolean {
  if (b.size > a.size) return true;
  for (const label of b.keys()) if (!a.has(label)) return true;
  return false;
}

/** Every path extended by `hop`. */
export function extendAll(taint: Taint, hop: Hop): Taint {
  if (taint.size === 0) return taint;
  const out = new Map<number, Path | undefined>();
  for (const pair of taint) {
    const label = pair[0];
    const path = pair[1];
    out.set(label, extend(path, hop));
  }
  return out;
}

export function single(label: number, path: Path | undefined): Taint {
  return new Map([[label, path]]);
}

/** Keeps at most `limit` labels (the lowest ids: concrete ones first), so a hostile method cannot grow a taint without bound. */
export function capTaint(taint: Taint, limit: number): Taint {
  if (taint.size <= limit) return taint;
  return new Map([...taint].sort((x, y) => x[0] - y[0]).slice(0, limit));
}
