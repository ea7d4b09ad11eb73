/**
 * Test helpers for comparing with `aapt dump xmltree`: aapt prints through
 * libutils' String8, whose UTF-16 to UTF-8 conversion (utf16_to_utf8) encodes a
 * lone surrogate as a 3-byte sequence instead of rejecting it. Encoding our
 * text the same way lets us compare bytes, not lossy decodings.
 */
import { execFileSync } from 'node:child_process';
import { referenceTool } from '../support/corpus.js';

export function encodeLikeString8(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    let codepoint = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (codepoint >= 0xd800 && codepoint <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      codepoint = 0x10000 + ((codepoint - 0xd800) << 10) + (next - 0xdc00);
      index++;
    }
    if (codepoint < 0x80) bytes.push(codepoint);
    else if (codepoint < 0x800) bytes.push(0xc0 | (codepoint >> 6), 0x80 | (codepoint & 0x3f));
    else if (codepoint < 0x10000)
      bytes.push(0xe0 | (codepoint >> 12), 0x80 | ((codepoint >> 6) & 0x3f), 0x80 | (codepoint & 0x3f));
    else
      bytes.push(
        0xf0 | (codepoint >> 18),
        0x80 | ((codepoint >> 12) & 0x3f),
        0x80 | ((codepoint >> 6) & 0x3f),
        0x80 | (codepoint & 0x3f),
      );
  }
  return Buffer.from(bytes);
}

export interface AaptRun {
  readonly stdout: Buffer;
  readonly status: number | null;
}

/** `aapt dump xmltree <apk> <entries...>`, stdout as bytes. Throws if aapt is not installed. */
export function aaptXmlTree(apkPath: string, entries: readonly string[]): AaptRun {
  const aapt = referenceTool('aapt');
  try {
    const stdout = execFileSync(aapt, ['dump', 'xmltree', apkPath, ...entries], {
      maxBuffer: 1 << 30,
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, status: 0 };
  } catch (error) {
    const failure = error as { stdout?: Buffer; status?: number | null };
    return { stdout: failure.stdout ?? Buffer.alloc(0), status: failure.status ?? null };
  }
}

/** First differing line of two outputs, for a readable failure message. */
export function firstDifference(expected: Buffer, actual: Buffer): string {
  const left = expected.toString('utf8').split('\n');
  const right = actual.toString('utf8').split('\n');
  for (let line = 0; line < Math.max(left.length, right.length); line++) {
    if (left[line] !== right[line])
      return `line ${line + 1}: aapt ${JSON.stringify(left[line])} / ours ${JSON.stringify(right[line])}`;
  }
  return 'identical text, different bytes';
}
