/** "Did you mean …?" for mistyped commands and options: the nearest known name by edit distance. */

/** Levenshtein distance, bounded: names here are short (at most a few dozen characters). */
function distance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      current.push(
        Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, (previous[column - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/** Names longer than this are not compared (a hostile or pasted argument costs nothing). */
const MAX_COMPARED_LENGTH = 64;

/** The known name nearest to `typed` when it is close enough to be a typo (a third of its length, at least 2 (a swap), at most 3). */
function nearest(typed: string, known: readonly string[]): string | undefined {
  if (typed.length > MAX_COMPARED_LENGTH) return undefined;
  const allowed = Math.min(3, Math.max(2, Math.floor(typed.length / 3)), typed.length - 1);
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const name of known) {
    const score = distance(typed, name);
    if (score < bestDistance) {
      best = name;
      bestDistance = score;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(typed: string, known: readonly string[]): string {
  const match = nearest(typed, known);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
