/**
 * Writes a minimal stored (method 0) ZIP holding one entry, so that a raw
 * binary XML file can be handed to `aapt dump xmltree`, which only opens APKs.
 * Written to the OS temp directory, never into the repository.
 * Layout per APPNOTE.TXT 4.3.7 (local header), 4.3.12 (central header), 4.3.16 (end record).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from '../../src/formats/zip/index.js';

const LOCAL_FILE_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_FILE_HEADER_SIGNATURE = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
const LOCAL_FILE_HEADER_SIZE = 30;
const CENTRAL_FILE_HEADER_SIZE = 46;
const END_OF_CENTRAL_DIRECTORY_SIZE = 22;
const VERSION_NEEDED = 10;

export function storedZip(entryName: string, data: Uint8Array): Uint8Array {
  const name = Buffer.from(entryName, 'utf8');
  const checksum = crc32(data);
  const local = Buffer.alloc(LOCAL_FILE_HEADER_SIZE);
  local.writeUInt32LE(LOCAL_FILE_HEADER_SIGNATURE, 0);
  local.writeUInt16LE(VERSION_NEEDED, 4);
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(CENTRAL_FILE_HEADER_SIZE);
  central.writeUInt32LE(CENTRAL_FILE_HEADER_SIGNATURE, 0);
  central.writeUInt16LE(VERSION_NEEDED, 4);
  central.writeUInt16LE(VERSION_NEEDED, 6);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const centralOffset = LOCAL_FILE_HEADER_SIZE + name.length + data.length;
  const end = Buffer.alloc(END_OF_CENTRAL_DIRECTORY_SIZE);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY_SIGNATURE, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(CENTRAL_FILE_HEADER_SIZE + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

let directory: string | undefined;

/** Writes `data` as `entryName` inside a fresh temp .apk and returns its path. */
export function temporaryApk(fileStem: string, entryName: string, data: Uint8Array): string {
  if (directory === undefined) {
    const created = mkdtempSync(join(tmpdir(), 'apkwitness-axml-'));
    directory = created;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  const path = join(directory, `${fileStem}.apk`);
  writeFileSync(path, storedZip(entryName, data));
  return path;
}
