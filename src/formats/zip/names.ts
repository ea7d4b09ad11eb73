/**
 * Entry names. Android (libziparchive) ignores the language-encoding flag
 * (APPNOTE.TXT 4.4.4 bit 11) and treats names as UTF-8 bytes; since Android 5.0
 * its IsValidEntryName (entry_name_utils-inl.h) refuses to open an archive whose
 * names hold a NUL byte or break UTF-8's byte structure (it does not reject
 * overlong forms or surrogates, which strict decoders do). Names are evidence,
 * never paths: we never write them to disk, but we flag names that would escape
 * a directory for the reader of a report.
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

/**
 * libziparchive's structural check: no NUL; a lead byte is not a continuation
 * byte nor 0xFE/0xFF; it is followed by as many continuation bytes as its
 * leading one bits say. Bounded: every step consumes at least one byte.
 */
export function isValidEntryNameForAndroid(raw: Uint8Array): boolean {
  for (let index = 0; index < raw.length; index++) {
    const byte = raw[index] as number;
    if (byte === 0) return false;
    if ((byte & 0x80) === 0) continue;
    if ((byte & 0xc0) === 0x80 || (byte & 0xfe) === 0xfe) return false;
    for (let first = (byte << 1) & 0xff; (first & 0x80) !== 0; first = (first << 1) & 0xff) {
      index++;
      if (index === raw.length) return false;
      if (((raw[index] as number) & 0xc0) !== 0x80) return false;
    }
  }
  return true;
}

/** Flags names that Android refuses or that would escape an extraction directory. */
export function checkName(
  name: string,
  raw: Uint8Array,
  validUtf8: boolean,
  offset: number,
  sink: DiagnosticSink,
): void {
  // Strict UTF-8 decoding keeps NUL, so the decoded name answers for the raw bytes when valid.
  if (validUtf8 ? name.includes('\u0000') : raw.includes(0)) {
    // apksig/v1-only-with-nul-in-entry-name.apk: C tools cut the name at the NUL, Java keeps it.
    sink.add(
      'zip.name-contains-nul',
      offset,
      `entry name "${name}" contains a NUL byte (Android 5.0+ refuses the archive: kInvalidEntryName; C-string readers see a shorter name)`,
      'error',
    );
  }
  if (!validUtf8) {
    const android = isValidEntryNameForAndroid(raw);
    sink.add(
      'zip.name-invalid-utf8',
      offset,
      android
        ? `entry name "${name}" is not strict UTF-8 (overlong form or surrogate): Android accepts it, strict decoders replace it, so tools may disagree on the name`
        : `entry name "${name}" is not valid UTF-8 (Android 5.0+ refuses the archive: kInvalidEntryName)`,
      android ? 'warning' : 'error',
    );
  }
  if (name.includes('\r') || name.includes('\n')) {
    // apksig: "Android Package Manager does not support ZIP entry names containing CR or LF" (v1 manifest sections break).
    sink.add(
      'zip.name-line-break',
      offset,
      `entry name "${name}" contains a line break: a JAR signature manifest cannot name it, so v1 verification fails on Android`,
      'warning',
    );
  }
  if (raw.length === 0) {
    sink.add('zip.name-empty', offset, 'entry has an empty name', 'warning');
  }
  if (name.includes('..') && name.split(/[\\/]/).includes('..')) {
    // apktool/GHSA-2hqv-2xv4-5h5w.apk uses traversal in resource paths; the same trick applies to entry names.
    sink.add(
      'zip.name-path-traversal',
      offset,
      `entry name "${name}" has a ".." segment and would escape an extraction directory`,
      'warning',
    );
  }
  if (name.startsWith('/') || name.startsWith('\\') || (name.charAt(1) === ':' && /^[A-Za-z]:/.test(name))) {
    sink.add('zip.name-absolute', offset, `entry name "${name}" is an absolute path`, 'warning');
  }
  if (name.includes('\\')) {
    sink.add(
      'zip.name-backslash',
      offset,
      `entry name "${name}" contains a backslash (a directory separator on Windows only)`,
      'info',
    );
  }
}
