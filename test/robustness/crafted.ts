/**
 * Crafted inputs of issue 16, built in code (never committed as binaries): each names its
 * trick, what apkwitness does and what Android does (docs/robustness.md has the same table).
 * Built once per test file into a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEntry, readZip, findEntry } from '../../src/formats/zip/index.js';
import { repositoryRoot } from '../support/corpus.js';
import { buildZip, type BuildEntry } from '../support/zip-writer.js';

export const DEMO = join(repositoryRoot, 'fixtures', 'demo', 'field-survey.apk');
/** A second app (another package) for the folder of several apps. */
const OTHER_APP = join(repositoryRoot, 'fixtures', 'hostile', 'hostile-strings.apk');

const MIB = 1024 * 1024;

/** An entry of the demo APK, as its bytes. */
function demoEntry(name: string): Uint8Array {
  const archive = readZip(new Uint8Array(readFileSync(DEMO))).value;
  const entry = findEntry(archive, name);
  if (entry === undefined) throw new Error(`demo APK has no ${name}`);
  const bytes = readEntry(archive, entry).value;
  if (bytes === undefined) throw new Error(`demo APK: ${name} unreadable`);
  return bytes;
}

/** A deflated entry (APPNOTE.TXT 4.4.5 method 8). */
const deflated = (name: string, data: Uint8Array): BuildEntry => ({ name, data, method: 8 });

/** 2,000 central records (dex and assets) all naming one 200 MiB deflate stream of zeros. */
export function overlapBomb(records = 2000, streamBytes = 200 * MIB): Uint8Array {
  const aliases = Array.from({ length: records - 1 }, (_, index): BuildEntry => ({
    name: index % 2 === 0 ? `classes${index + 2}.dex` : `assets/blob${index}.bin`,
    data: '',
    aliasOf: 1,
  }));
  return buildZip([
    deflated('AndroidManifest.xml', demoEntry('AndroidManifest.xml')),
    deflated('classes.dex', new Uint8Array(streamBytes)),
    ...aliases,
  ]);
}

/** An .apks holding `copies` copies of the demo APK (stored). */
function manyCopiesBundle(copies: number): Uint8Array {
  const demo = new Uint8Array(readFileSync(DEMO));
  return buildZip(
    Array.from({ length: copies }, (_, index) => ({ name: index === 0 ? 'base.apk' : `copy${index}.apk`, data: demo })),
  );
}

/** One ResTable_entry + Res_value: the string res/layout/a.xml (global string 0). */
function layoutRecord(): Buffer {
  const record = Buffer.alloc(16);
  record.writeUInt16LE(8, 0);
  record.writeUInt32LE(0, 4); // key 0
  record.writeUInt16LE(8, 8);
  record.writeUInt8(0x03, 11); // TYPE_STRING
  return record;
}

/** One ResTable_map_entry (FLAG_COMPLEX) with `items` ResTable_map items of TYPE_INT_DEC. */
function bagRecord(items: number): Buffer {
  const record = Buffer.alloc(16 + 12 * items);
  record.writeUInt16LE(16, 0);
  record.writeUInt16LE(0x0001, 2); // FLAG_COMPLEX
  record.writeUInt32LE(items, 12);
  for (let item = 0; item < items; item++) {
    const at = 16 + 12 * item;
    record.writeUInt32LE(0x01000000 + item, at);
    record.writeUInt16LE(8, at + 4);
    record.writeUInt8(0x10, at + 7); // TYPE_INT_DEC
    record.writeUInt32LE(item, at + 8);
  }
  return record;
}

/**
 * resources.arsc (ResourceTypes.h) with one package whose type `typeName` has `entries` entries
 * in each of `configs` type chunks, every one naming the same record: all entry offsets are 0,
 * so the table is 4 bytes per entry.
 */
function aliasTable(typeName: string, record: Buffer, entries: number, configs = 1): Uint8Array {
  const pool = (strings: string[]): Buffer => {
    const data = Buffer.concat(
      strings.map((text) => {
        const utf8 = Buffer.from(text, 'utf8');
        return Buffer.concat([Buffer.from([text.length, utf8.length]), utf8, Buffer.from([0])]);
      }),
    );
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    const header = Buffer.alloc(28 + 4 * strings.length);
    header.writeUInt16LE(0x0001, 0);
    header.writeUInt16LE(28, 2);
    header.writeUInt32LE(header.length + padded.length, 4);
    header.writeUInt32LE(strings.length, 8);
    header.writeUInt32LE(0x100, 16); // UTF8_FLAG
    header.writeUInt32LE(header.length, 20);
    let offset = 0;
    strings.forEach((text, index) => {
      header.writeUInt32LE(offset, 28 + 4 * index);
      offset += Buffer.byteLength(text, 'utf8') + 3;
    });
    return Buffer.concat([header, padded]);
  };
  const typeSpec = Buffer.alloc(16 + 4 * entries);
  typeSpec.writeUInt16LE(0x0202, 0);
  typeSpec.writeUInt16LE(16, 2);
  typeSpec.writeUInt32LE(typeSpec.length, 4);
  typeSpec.writeUInt8(1, 8);
  typeSpec.writeUInt32LE(entries, 12);
  const typeChunks: Buffer[] = [];
  for (let config = 0; config < configs; config++) {
    // ResTable_type header (20 bytes) + a 64-byte ResTable_config whose density tells the configs apart.
    const headerSize = 20 + 64;
    const chunk = Buffer.alloc(headerSize + 4 * entries + record.length);
    chunk.writeUInt16LE(0x0201, 0);
    chunk.writeUInt16LE(headerSize, 2);
    chunk.writeUInt32LE(chunk.length, 4);
    chunk.writeUInt8(1, 8);
    chunk.writeUInt32LE(entries, 12);
    chunk.writeUInt32LE(headerSize + 4 * entries, 16);
    chunk.writeUInt32LE(64, 20);
    if (config > 0) chunk.writeUInt16LE(120 + config, 20 + 14); // density
    // Offsets are all 0 (already zero); then the one record.
    record.copy(chunk, headerSize + 4 * entries);
    typeChunks.push(chunk);
  }
  const typeStrings = pool([typeName]);
  const keyStrings = pool(['a']);
  const packageHeader = Buffer.alloc(288);
  packageHeader.writeUInt16LE(0x0200, 0);
  packageHeader.writeUInt16LE(288, 2);
  packageHeader.writeUInt32LE(0x7f, 8);
  packageHeader.write('org.apkwitness.crafted', 12, 'utf16le');
  packageHeader.writeUInt32LE(288, 268);
  packageHeader.writeUInt32LE(1, 272);
  packageHeader.writeUInt32LE(288 + typeStrings.length, 276);
  packageHeader.writeUInt32LE(1, 280);
  const packageBody = Buffer.concat([typeStrings, keyStrings, typeSpec, ...typeChunks]);
  packageHeader.writeUInt32LE(288 + packageBody.length, 4);
  const globalStrings = pool(['res/layout/a.xml']);
  const tableHeader = Buffer.alloc(12);
  tableHeader.writeUInt16LE(0x0002, 0);
  tableHeader.writeUInt16LE(12, 2);
  tableHeader.writeUInt32LE(12 + globalStrings.length + packageHeader.length + packageBody.length, 4);
  tableHeader.writeUInt32LE(1, 8);
  return new Uint8Array(Buffer.concat([tableHeader, globalStrings, packageHeader, packageBody]));
}

/** An APK whose resource table maps `entries` layout ids (per config) to one layout file with input fields. */
export function layoutAliasApk(entries: number, configs = 1): Uint8Array {
  return buildZip([
    deflated('AndroidManifest.xml', demoEntry('AndroidManifest.xml')),
    deflated('resources.arsc', aliasTable('layout', layoutRecord(), entries, configs)),
    deflated('res/layout/a.xml', demoEntry('res/layout/survey_form.xml')),
  ]);
}

/** An APK whose resource table has `entries` string-array ids naming one bag of `items` items. */
export function bagAliasApk(entries: number, items: number): Uint8Array {
  return buildZip([
    deflated('AndroidManifest.xml', demoEntry('AndroidManifest.xml')),
    deflated('resources.arsc', aliasTable('array', bagRecord(items), entries)),
  ]);
}

/** Binary XML (ResourceTypes.h ResXMLTree) of a <manifest> with `depth` nested elements inside. */
function deepXml(depth: number): Uint8Array {
  const strings = ['manifest', 'a'];
  const poolData = Buffer.concat(
    strings.map((text) =>
      Buffer.concat([Buffer.from([text.length, text.length]), Buffer.from(text), Buffer.from([0])]),
    ),
  );
  const padded = Buffer.concat([poolData, Buffer.alloc((4 - (poolData.length % 4)) % 4)]);
  const pool = Buffer.alloc(28 + 8);
  pool.writeUInt16LE(0x0001, 0);
  pool.writeUInt16LE(28, 2);
  pool.writeUInt32LE(pool.length + padded.length, 4);
  pool.writeUInt32LE(2, 8);
  pool.writeUInt32LE(0x100, 16);
  pool.writeUInt32LE(pool.length, 20);
  pool.writeUInt32LE(0, 28);
  pool.writeUInt32LE(11, 32);
  const start = (name: number): Buffer => {
    const node = Buffer.alloc(36);
    node.writeUInt16LE(0x0102, 0);
    node.writeUInt16LE(16, 2);
    node.writeUInt32LE(36, 4);
    node.writeUInt32LE(1, 8);
    node.writeInt32LE(-1, 12);
    node.writeInt32LE(-1, 16);
    node.writeUInt32LE(name, 20);
    node.writeUInt16LE(20, 24);
    node.writeUInt16LE(20, 26);
    return node;
  };
  const end = (name: number): Buffer => {
    const node = Buffer.alloc(24);
    node.writeUInt16LE(0x0103, 0);
    node.writeUInt16LE(16, 2);
    node.writeUInt32LE(24, 4);
    node.writeUInt32LE(1, 8);
    node.writeInt32LE(-1, 12);
    node.writeInt32LE(-1, 16);
    node.writeUInt32LE(name, 20);
    return node;
  };
  const body = Buffer.alloc(36 + 24 + depth * 60);
  let position = 0;
  start(0).copy(body, position);
  position += 36;
  const inner = start(1);
  for (let level = 0; level < depth; level++, position += 36) inner.copy(body, position);
  const close = end(1);
  for (let level = 0; level < depth; level++, position += 24) close.copy(body, position);
  end(0).copy(body, position);
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0x0003, 0);
  header.writeUInt16LE(8, 2);
  header.writeUInt32LE(8 + pool.length + padded.length + body.length, 4);
  return new Uint8Array(Buffer.concat([header, pool, padded, body]));
}

function deepManifestApk(depth: number): Uint8Array {
  return buildZip([deflated('AndroidManifest.xml', deepXml(depth))]);
}

/** A ZIP without AndroidManifest.xml, and one with no entry at all. */
function noManifestZip(): Uint8Array {
  return buildZip([{ name: 'hello.txt', data: 'not an app\n', method: 8 }]);
}
function emptyZip(): Uint8Array {
  return buildZip([]);
}

export interface CraftedInput {
  readonly name: string;
  /** The trick, in a few words. */
  readonly trick: string;
  /** Path given to the commands (a file, link, FIFO or folder). */
  readonly path: string;
  /** Seconds every command must finish in (issue 16: 10 s for devices, pipes and the 250k table; 60 s otherwise). */
  readonly seconds: number;
  /** Size of the input on disk, for the memory bound (150 MB + 3 × size). */
  readonly size: number;
  /** Exit codes allowed for scan. */
  readonly scanExit: readonly number[];
}

function fileInput(
  folder: string,
  name: string,
  trick: string,
  bytes: Uint8Array,
  seconds: number,
  scanExit: readonly number[],
): CraftedInput {
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return { name, trick, path, seconds, size: bytes.length, scanExit };
}

/** Every crafted input, written into `folder`. */
export function buildCraftedInputs(folder: string): CraftedInput[] {
  mkdirSync(folder, { recursive: true });
  const inputs: CraftedInput[] = [];
  symlinkSync('/dev/zero', join(folder, 'dev-zero.apk'));
  inputs.push({
    name: 'dev-zero.apk',
    trick: 'a link to /dev/zero',
    path: join(folder, 'dev-zero.apk'),
    seconds: 10,
    size: 0,
    scanExit: [2],
  });
  symlinkSync('/dev/urandom', join(folder, 'dev-urandom.apk'));
  inputs.push({
    name: 'dev-urandom.apk',
    trick: 'a link to /dev/urandom',
    path: join(folder, 'dev-urandom.apk'),
    seconds: 10,
    size: 0,
    scanExit: [2],
  });
  execFileSync('mkfifo', [join(folder, 'fifo.apk')]);
  inputs.push({
    name: 'fifo.apk',
    trick: 'a FIFO named like an APK',
    path: join(folder, 'fifo.apk'),
    seconds: 10,
    size: 0,
    scanExit: [2],
  });
  inputs.push(
    fileInput(folder, 'overlap-bomb.apk', '2,000 records naming one 200 MiB deflate stream', overlapBomb(), 60, [0, 1]),
  );
  inputs.push(
    fileInput(folder, 'copies-1001.apks', 'an .apks of 1,001 copies of one APK', manyCopiesBundle(1001), 60, [0, 1]),
  );
  inputs.push(
    fileInput(
      folder,
      'layout-aliases-250k.apk',
      '250,000 layout ids naming one layout file',
      layoutAliasApk(250_000),
      10,
      [0, 1],
    ),
  );
  inputs.push(
    fileInput(
      folder,
      'bag-aliases-65k.apk',
      '65,535 array ids naming one bag of 20,000 items',
      bagAliasApk(65_535, 20_000),
      10,
      [0, 1],
    ),
  );
  inputs.push(
    fileInput(
      folder,
      'deep-manifest.apk',
      'a manifest nested 1,000,000 deep (60 MB from 163 KB: over the archive budget)',
      deepManifestApk(1_000_000),
      60,
      [2],
    ),
  );
  inputs.push(
    fileInput(folder, 'deep-manifest-100k.apk', 'a manifest nested 100,000 deep', deepManifestApk(100_000), 60, [0, 1]),
  );
  inputs.push(fileInput(folder, 'no-manifest.apk', 'a ZIP with no AndroidManifest.xml', noManifestZip(), 10, [2]));
  inputs.push(fileInput(folder, 'empty.apk', 'a ZIP with no entry', emptyZip(), 10, [2]));
  const apps = join(folder, 'two-apps');
  mkdirSync(apps);
  copyFileSync(DEMO, join(apps, 'field-survey.apk'));
  copyFileSync(OTHER_APP, join(apps, 'hostile-strings.apk'));
  inputs.push({
    name: 'two-apps',
    trick: 'a folder holding two apps',
    path: apps,
    seconds: 60,
    size: 2 * 40_000,
    scanExit: [2],
  });
  return inputs;
}
