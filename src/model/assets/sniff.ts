/**
 * What a file shipped in the APK is, from its first bytes (magic numbers) and,
 * for text, its shape. Each type adds a few facts; the strings come with offsets.
 */
import type { AssetInfo } from '../app-model.js';
import { isElf, readElfFacts } from './elf.js';
import { entropy, printableStrings } from './strings.js';
import { readZip } from '../../formats/zip/index.js';
import { FormatError } from '../../formats/diagnostics.js';
import { isUtf8 } from 'node:buffer';

/** Magic numbers (each format's spec: dex-format "DEX_FILE_MAGIC", APPNOTE 4.3.7, sqlite fileformat2 §1.3, PNG §5.2, JFIF, GIF89a). */
const DEX_MAGIC = 'dex\n';
const ZIP_LOCAL_MAGIC = 'PK\u0003\u0004';
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PNG_MAGIC = '\u0089PNG';
const JPEG_MAGIC = '\u00ff\u00d8\u00ff';
const GIF_MAGIC = 'GIF8';
const WEBP_RIFF = 'RIFF';
const GZIP_MAGIC = '\u001f\u008b';
/** Above this many bits per byte, a non-image file is compressed or encrypted. */
const HIGH_ENTROPY_BITS = 7.5;
/** Sample size for the text test. */
const TEXT_SAMPLE_BYTES = 64 * 1024;
const MAX_JSON_KEYS = 50;
/** Text files up to this size keep their whole content (issue 15: the content is the finding). */
const SMALL_TEXT_BYTES = 64 * 1024;
/** Rows of a CSV/TSV kept after its header. */
const MAX_TABLE_ROWS = 200;
const MAX_PARSED_JSON_BYTES = 2 * 1024 * 1024;
const ASSETS_FOLDER = 'assets/';
/** Entry names listed for a nested archive. */
const MAX_NESTED_NAMES = 50;

function startsWith(bytes: Uint8Array, magic: string): boolean {
  if (bytes.length < magic.length) return false;
  for (let index = 0; index < magic.length; index++) if (bytes[index] !== magic.charCodeAt(index)) return false;
  return true;
}

/** A UTF-8 sequence is at most this long (RFC 3629 §3). */
const MAX_UTF8_SEQUENCE = 4;
const UTF8_CONTINUATION_MASK = 0xc0;
const UTF8_CONTINUATION = 0x80;
const UTF8_LEAD_FIRST = 0xc0;

/** The sample without a multi-byte sequence cut at its end (the cut is not invalid text). */
function withoutCutSequence(sample: Uint8Array, complete: boolean): Uint8Array {
  if (complete) return sample;
  for (let back = 1; back <= Math.min(MAX_UTF8_SEQUENCE - 1, sample.length); back++) {
    const value = sample[sample.length - back]!;
    if ((value & UTF8_CONTINUATION_MASK) === UTF8_CONTINUATION) continue;
    return value >= UTF8_LEAD_FIRST ? sample.subarray(0, sample.length - back) : sample;
  }
  return sample;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, TEXT_SAMPLE_BYTES);
  if (sample.length === 0) return false;
  for (let index = 0; index < sample.length; index++) {
    const value = sample[index]!;
    if (value < 0x09 || (value > 0x0d && value < 0x20)) return false;
  }
  // Validated natively (Node's buffer.isUtf8): decoding 64 KB per asset to look for U+FFFD was a third of sniffing.
  return isUtf8(withoutCutSequence(sample, sample.length === bytes.length));
}

export function sniffAsset(entry: string, bytes: Uint8Array, declaredSize: number): AssetInfo {
  const base = { entry, size: declaredSize };
  if (isElf(bytes)) {
    const elf = readElfFacts(bytes);
    const details: AssetInfo['details'] = elf
      ? {
          abi: elf.abi,
          bits: elf.bits,
          exported: elf.exported,
          imported: elf.imported,
          symbolsTruncated: elf.truncated,
        }
      : {};
    return { ...base, type: 'elf', details, strings: printableStrings(bytes) };
  }
  if (startsWith(bytes, DEX_MAGIC))
    return {
      ...base,
      type: 'dex',
      details: { version: new TextDecoder().decode(bytes.subarray(4, 7)) },
      strings: printableStrings(bytes),
    };
  if (startsWith(bytes, ZIP_LOCAL_MAGIC))
    return { ...base, type: 'zip', details: nestedZipDetails(entry, bytes), strings: [] };
  if (startsWith(bytes, SQLITE_MAGIC))
    return { ...base, type: 'sqlite', details: {}, strings: printableStrings(bytes) };
  if (
    startsWith(bytes, PNG_MAGIC) ||
    startsWith(bytes, JPEG_MAGIC) ||
    startsWith(bytes, GIF_MAGIC) ||
    (startsWith(bytes, WEBP_RIFF) && startsWith(bytes.subarray(8), 'WEBP'))
  ) {
    return { ...base, type: 'image', details: {}, strings: [] };
  }
  if (startsWith(bytes, GZIP_MAGIC)) return { ...base, type: 'gzip', details: {}, strings: [] };
  if (looksLikeText(bytes)) return sniffText(entry, bytes, declaredSize);
  const bits = entropy(bytes);
  const rounded = Math.round(bits * 1000) / 1000;
  if (bits >= HIGH_ENTROPY_BITS) return { ...base, type: 'high-entropy', details: { entropy: rounded }, strings: [] };
  // Unknown binaries outside assets/ are bundled libraries' Java resources (3,690 ICU .res files in the Appium
  // server): their strings cost a third of sniffing and no reader asks for them; the app's own assets keep theirs.
  return {
    ...base,
    type: 'unknown',
    details: { entropy: rounded },
    strings: entry.startsWith(ASSETS_FOLDER) ? printableStrings(bytes) : [],
  };
}

/** Entries of a nested zip/APK/JAR (names bounded): does it carry code or a manifest? */
function nestedZipDetails(entry: string, bytes: Uint8Array): AssetInfo['details'] {
  const apkLike = /\.(apk|jar|zip|dex)$/i.test(entry);
  try {
    const archive = readZip(bytes).value;
    const names = archive.entries.map((item) => item.name);
    return {
      apkLike,
      entryCount: names.length,
      entries: names.slice(0, MAX_NESTED_NAMES),
      dexEntries: names.filter((name) => name.endsWith('.dex')).length,
      hasManifest: names.includes('AndroidManifest.xml'),
    };
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    // A local header without a readable central directory (a cut or disguised archive).
    return { apkLike, unreadable: error.message };
  }
}

/** `line.split(',').length` without building the array of fields (every line of a 64 KB sample). */
function fieldCount(line: string): number {
  let count = 1;
  for (let comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', comma + 1)) count++;
  return count;
}

function sniffText(entry: string, bytes: Uint8Array, size: number): AssetInfo {
  const strings = printableStrings(bytes);
  const sample = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, TEXT_SAMPLE_BYTES));
  const trimmed = sample.trimStart();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && bytes.length <= MAX_PARSED_JSON_BYTES) {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
      const keys =
        parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
          ? Object.keys(parsed).slice(0, MAX_JSON_KEYS)
          : [];
      return {
        entry,
        size,
        type: 'json',
        details: { keys, array: Array.isArray(parsed) },
        strings,
        ...(bytes.length <= SMALL_TEXT_BYTES ? { text: sample } : {}),
      };
    } catch {
      // not JSON after all (a JS file, a truncated export): fall through to text
    }
  }
  const lines = sample.split('\n').filter((line) => line.trim() !== '');
  const small = bytes.length <= SMALL_TEXT_BYTES ? { text: sample } : {};
  const commas = lines.map(fieldCount);
  // Every row has the header's fields; more only when the last one holds the separator (a pattern such as \d{5,11}).
  const csv = lines.length >= 2 && (commas[0] ?? 1) > 1 && commas.every((count) => count >= (commas[0] ?? 1));
  if (csv)
    return {
      entry,
      size,
      type: 'csv',
      details: { columns: commas[0] ?? 0, sampledLines: lines.length },
      strings,
      ...small,
      table: table(lines, ',', commas[0] ?? 1),
    };
  const tabs = lines.map((line) => line.split('\t').length);
  const tsv = lines.length >= 2 && (tabs[0] ?? 1) > 1 && tabs.every((count) => count >= (tabs[0] ?? 1));
  if (tsv)
    return {
      entry,
      size,
      type: 'tsv',
      details: { columns: tabs[0] ?? 0, sampledLines: lines.length },
      strings,
      ...small,
      table: table(lines, '\t', tabs[0] ?? 1),
    };
  if (trimmed.startsWith('<?xml') || trimmed.startsWith('<'))
    return { entry, size, type: 'xml-text', details: {}, strings, ...small };
  return { entry, size, type: 'text', details: { sampledLines: lines.length }, strings, ...small };
}

/**
 * Header and rows of a CSV/TSV sample, each row cut into the header's number of fields (the last one
 * keeps any further separators). A quoted separator is not split: RFC 4180 quoting is rare in app assets.
 */
function table(lines: readonly string[], separator: ',' | '\t', fields: number): NonNullable<AssetInfo['table']> {
  const cells = (line: string): string[] => {
    const parts = line.replace(/\r$/, '').split(separator);
    return parts.length <= fields ? parts : [...parts.slice(0, fields - 1), parts.slice(fields - 1).join(separator)];
  };
  return {
    separator,
    header: cells(lines[0] ?? ''),
    rows: lines.slice(1, 1 + MAX_TABLE_ROWS).map(cells),
  };
}
