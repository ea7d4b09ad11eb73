/**
 * The one ZIP writer of the tests: small archives built in memory, with knobs for every
 * trick the reader must report (APPNOTE.TXT 4.3: local header 4.3.7, data descriptor
 * 4.3.9, central header 4.3.12, Zip64 end record and locator 4.3.14-15, end record 4.3.16),
 * and `temporaryApk` for the oracles (aapt) that only open files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/formats/zip/crc32.js';

interface HeaderOverrides {
  name?: string;
  versionNeeded?: number;
  method?: number;
  flags?: number;
  crc?: number;
  compressedSize?: number;
  uncompressedSize?: number;
  extra?: Uint8Array;
  localHeaderOffset?: number;
}

export interface BuildEntry {
  name: string | Uint8Array;
  data: Uint8Array | string;
  /** Method written in the headers (default 0). */
  method?: number;
  /** How the bytes are really encoded (default: deflate when method is 8, else stored). */
  encoding?: 'stored' | 'deflate';
  flags?: number;
  /** Bit 3: zero sizes/CRC in the local header and a signed data descriptor after the data. */
  dataDescriptor?: boolean;
  /** Write sizes and offset as 0xFFFFFFFF with a Zip64 extra field. */
  zip64?: boolean;
  local?: HeaderOverrides;
  central?: HeaderOverrides;
  /** Written as a local header and data only: no central record lists it. */
  unlisted?: boolean;
  /**
   * Written as a central record only, under its own name, naming the local header (and the
   * method, CRC and sizes) of the earlier entry `entries[aliasOf]`: the overlapping-entry trick.
   * `data` is ignored.
   */
  aliasOf?: number;
}

export interface BuildOptions {
  prefix?: Uint8Array;
  /** When false, offsets are written relative to the archive start, ignoring the prefix (not re-based). */
  rebase?: boolean;
  comment?: Uint8Array;
  /** Add a Zip64 end record and locator, with 0xFFFF/0xFFFFFFFF in the classic record. */
  zip64End?: boolean;
  declaredEntries?: number;
  centralDirectorySizeDelta?: number;
  garbageBeforeEnd?: Uint8Array;
  /** Extra bytes after the comment. */
  trailing?: Uint8Array;
}

const encoder = new TextEncoder();
const bytesOf = (value: Uint8Array | string): Uint8Array => (typeof value === 'string' ? encoder.encode(value) : value);

class Writer {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  bytes(value: Uint8Array): this {
    this.chunks.push(value);
    this.length += value.length;
    return this;
  }
  u16(value: number): this {
    const buffer = new Uint8Array(2);
    new DataView(buffer.buffer).setUint16(0, value, true);
    return this.bytes(buffer);
  }
  u32(value: number): this {
    const buffer = new Uint8Array(4);
    new DataView(buffer.buffer).setUint32(0, value >>> 0, true);
    return this.bytes(buffer);
  }
  u64(value: number): this {
    return this.u32(value % 0x1_0000_0000).u32(Math.floor(value / 0x1_0000_0000));
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

function zip64Extra(uncompressed: number, compressed: number, offset?: number): Uint8Array {
  const writer = new Writer()
    .u16(0x0001)
    .u16(offset === undefined ? 16 : 24)
    .u64(uncompressed)
    .u64(compressed);
  if (offset !== undefined) writer.u64(offset);
  return writer.result();
}

export function buildZip(entries: readonly BuildEntry[], options: BuildOptions = {}): Uint8Array {
  const prefix = options.prefix ?? new Uint8Array(0);
  const base = options.rebase === false ? 0 : prefix.length;
  const body = new Writer();
  const central = new Writer();
  let count = 0;
  const written: Array<{ method: number; flags: number; crc: number; stored: number; size: number; offset: number }> =
    [];
  for (const entry of entries) {
    const name = bytesOf(entry.name);
    if (entry.aliasOf !== undefined) {
      const target = written[entry.aliasOf];
      if (target === undefined) throw new Error(`aliasOf ${entry.aliasOf}: no earlier entry`);
      central
        .u32(0x02014b50)
        .u16(0x0314)
        .u16(20)
        .u16(target.flags)
        .u16(target.method)
        .u16(0)
        .u16(0x21)
        .u32(target.crc)
        .u32(target.stored)
        .u32(target.size)
        .u16(name.length)
        .u16(0)
        .u16(0)
        .u16(0)
        .u16(0)
        .u32(0)
        .u32(target.offset)
        .bytes(name);
      written.push(target);
      count++;
      continue;
    }
    const data = bytesOf(entry.data);
    const method = entry.method ?? 0;
    const encoding = entry.encoding ?? (method === 8 ? 'deflate' : 'stored');
    const stored = encoding === 'deflate' ? new Uint8Array(deflateRawSync(data)) : data;
    const crc = crc32(data);
    const flags = (entry.flags ?? 0) | (entry.dataDescriptor ? 0x0008 : 0);
    const localOffset = base + body.length;
    written.push({ method, flags, crc, stored: stored.length, size: data.length, offset: localOffset });
    const local = entry.local ?? {};
    const localName = local.name === undefined ? name : bytesOf(local.name);
    const localExtra = local.extra ?? (entry.zip64 ? zip64Extra(data.length, stored.length) : new Uint8Array(0));
    const hidden = entry.dataDescriptor === true;
    body
      .u32(0x04034b50)
      .u16(local.versionNeeded ?? (entry.zip64 ? 45 : 20))
      .u16(local.flags ?? flags)
      .u16(local.method ?? method)
      .u16(0)
      .u16(0x21)
      .u32(local.crc ?? (hidden ? 0 : crc))
      .u32(local.compressedSize ?? (entry.zip64 ? 0xffffffff : hidden ? 0 : stored.length))
      .u32(local.uncompressedSize ?? (entry.zip64 ? 0xffffffff : hidden ? 0 : data.length))
      .u16(localName.length)
      .u16(localExtra.length)
      .bytes(localName)
      .bytes(localExtra)
      .bytes(stored);
    if (hidden) body.u32(0x08074b50).u32(crc).u32(stored.length).u32(data.length);
    if (entry.unlisted) continue;
    const over = entry.central ?? {};
    const centralExtra =
      over.extra ??
      (entry.zip64 ? zip64Extra(data.length, stored.length, over.localHeaderOffset ?? localOffset) : new Uint8Array(0));
    const centralName = over.name === undefined ? name : bytesOf(over.name);
    central
      .u32(0x02014b50)
      .u16(0x0314)
      .u16(entry.zip64 ? 45 : 20)
      .u16(over.flags ?? flags)
      .u16(over.method ?? method)
      .u16(0)
      .u16(0x21)
      .u32(over.crc ?? crc)
      .u32(over.compressedSize ?? (entry.zip64 ? 0xffffffff : stored.length))
      .u32(over.uncompressedSize ?? (entry.zip64 ? 0xffffffff : data.length))
      .u16(centralName.length)
      .u16(centralExtra.length)
      .u16(0)
      .u16(0)
      .u16(0)
      .u32(0)
      .u32(entry.zip64 ? 0xffffffff : (over.localHeaderOffset ?? localOffset))
      .bytes(centralName)
      .bytes(centralExtra);
    count++;
  }
  const directoryOffset = base + body.length;
  const directorySize = central.length + (options.centralDirectorySizeDelta ?? 0);
  const declared = options.declaredEntries ?? count;
  const tail = new Writer();
  tail.bytes(options.garbageBeforeEnd ?? new Uint8Array(0));
  if (options.zip64End) {
    const zip64RecordOffset = directoryOffset + central.length + tail.length;
    tail
      .u32(0x06064b50)
      .u64(44)
      .u16(45)
      .u16(45)
      .u32(0)
      .u32(0)
      .u64(declared)
      .u64(declared)
      .u64(directorySize)
      .u64(directoryOffset);
    tail.u32(0x07064b50).u32(0).u64(zip64RecordOffset).u32(1);
  }
  const comment = options.comment ?? new Uint8Array(0);
  tail
    .u32(0x06054b50)
    .u16(0)
    .u16(0)
    .u16(options.zip64End ? 0xffff : declared)
    .u16(options.zip64End ? 0xffff : declared)
    .u32(options.zip64End ? 0xffffffff : directorySize)
    .u32(options.zip64End ? 0xffffffff : directoryOffset)
    .u16(comment.length)
    .bytes(comment)
    .bytes(options.trailing ?? new Uint8Array(0));
  return new Writer().bytes(prefix).bytes(body.result()).bytes(central.result()).bytes(tail.result()).result();
}

let directory: string | undefined;

/**
 * Writes `data` as the one stored entry `entryName` of a fresh .apk in the OS temp folder
 * (never the repository; removed at exit) and returns its path: `aapt dump xmltree` only
 * opens APKs.
 */
export function temporaryApk(fileStem: string, entryName: string, data: Uint8Array): string {
  if (directory === undefined) {
    const created = mkdtempSync(join(tmpdir(), 'apkwitness-test-'));
    directory = created;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  const path = join(directory, `${fileStem}.apk`);
  writeFileSync(path, buildZip([{ name: entryName, data }]));
  return path;
}
