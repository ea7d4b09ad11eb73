/**
 * App strings are untrusted: an APK can carry ANSI escape sequences that rewrite the
 * analyst's terminal, or bidi overrides that make text read backwards. Everything
 * printed to a terminal goes through `safeText`.
 */
const ANSI_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// C0 and C1 controls (except none: newlines are also escaped, one value = one line),
// DEL, line/paragraph separators, bidi embeddings/overrides/isolates.
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function safeText(text: string, maxLength = 2000): string {
  const cleaned = text
    .replace(ANSI_SEQUENCE, (sequence) => `\\x1b${sequence.slice(1).replace(UNSAFE_CHARACTER, '')}`)
    .replace(UNSAFE_CHARACTER, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return cleaned.length > maxLength ? `${cleaned.slice(0, maxLength)}… (${cleaned.length} characters)` : cleaned;
}
