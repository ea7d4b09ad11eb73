/**
 * Entry names. Android (libziparchive) ignores the language-encoding flag
 * (APPNOTE.TXT 4.4.4 bit 11) and treats names as UTF-8 bytes; since Android 10
 * its IsValidEntryName refuses to open an archive whose names hold a NUL byte or
 * invalid UTF-8. Names are evidence, never paths: we never write them to disk,
 * but we flag names that would escape a directory for the reader of a report.
 */
import type { DiagnosticSink } from '../diagnostics.js';

const lenientDecoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function decodeName(raw: Uint8Array): { name: string; validUtf8: boolean } {
  try {
    return { name: strictDecoder.decode(raw), validUtf8: true };
  } catch {
    return { name: lenientDecoder.decode(raw), validUtf8: false };
  }
}

/** A key that distinguishes names byte for byte (the decoded string is lossy for invalid UTF-8). */
export function rawNameKey(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
}

/** Flags names that Android refuses or that would escape an extraction directory. */
export function checkName(name: string, raw: Uint8Array, validUtf8: boolean, offset: number, sink: DiagnosticSink): void {
  // Strict UTF-8 decoding keeps NUL, so the decoded name answers for the raw bytes when valid.
  if (validUtf8 ? name.includes('\u0000') : raw.includes(0)) {
    // apksig/v1-only-with-nul-in-entry-name.apk: C tools cut the name at the NUL, Java keeps it.
    sink.add('zip.name-contains-nul', offset, `entry name "${name}" contains a NUL byte (Android 10+ refuses the archive; C-string readers see a shorter name)`, 'error');
  }
  if (!validUtf8) {
    sink.add('zip.name-invalid-utf8', offset, `entry name "${name}" is not valid UTF-8 (Android 10+ refuses the archive)`, 'error');
  }
  if (raw.length === 0) {
    sink.add('zip.name-empty', offset, 'entry has an empty name', 'warning');
  }
  if (name.includes('..') && name.split(/[\\/]/).includes('..')) {
    // apktool/GHSA-2hqv-2xv4-5h5w.apk uses traversal in resource paths; the same trick applies to entry names.
    sink.add('zip.name-path-traversal', offset, `entry name "${name}" has a ".." segment and would escape an extraction directory`, 'warning');
  }
  if (name.startsWith('/') || name.startsWith('\\') || (name.charAt(1) === ':' && /^[A-Za-z]:/.test(name))) {
    sink.add('zip.name-absolute', offset, `entry name "${name}" is an absolute path`, 'warning');
  }
  if (name.includes('\\')) {
    sink.add('zip.name-backslash', offset, `entry name "${name}" contains a backslash (a directory separator on Windows only)`, 'info');
  }
}
