/**
 * Oracle: for every corpus APK, our `formatAsAaptXmlTree` output for
 * AndroidManifest.xml and every binary res/**.xml (layouts included) must equal
 * `aapt dump xmltree` byte for byte. All documents of an APK go to aapt in one
 * call (it prints them back to back); when that call fails, the documents are
 * retried one by one (at most MAX_SINGLE_CALLS_PER_APK) so that one corrupt
 * document does not hide the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusApks, frameworkResPath, needs } from '../support/corpus.js';
import { findEntry, readEntry, readZip } from '../../src/formats/zip/index.js';
import { FormatError } from '../../src/formats/diagnostics.js';
import { readBinaryXml, formatAsAaptXmlTree } from '../../src/formats/axml/index.js';
import { readResourceTable } from '../../src/formats/arsc/table.js';
import { createDynamicRefTable, type DynamicRefTable } from '../../src/formats/res/dynamic-ref-table.js';
import { aaptXmlTree, encodeLikeString8, firstDifference } from './aapt-bytes.js';
import { temporaryApk } from '../support/zip-writer.js';

/** Options of the tests that need the corpus or a reference tool: skipped, with one line, where it is missing. */
const CORPUS_AAPT = { skip: needs('corpus', 'aapt') };
const AAPT_FRAMEWORK_RES = { skip: needs('aapt', 'framework-res') };

const MAX_SINGLE_CALLS_PER_APK = 40;
/** RES_XML_TYPE as the first little-endian u16: a compiled (binary) XML file. */
const BINARY_XML_MAGIC = [0x03, 0x00];

/** Documents where aapt's output is wrong, with the reason. Keyed `apk!entry`. */
const EXCLUDED: ReadonlyMap<string, string> = new Map([]);

interface Document {
  readonly entry: string;
  readonly bytes: Uint8Array;
}

/** First library package id ResTable assigns when nothing else is loaded (mNextPackageId). */
const FIRST_ASSIGNED_PACKAGE_ID = 0x02;

/**
 * The DynamicRefTable aapt hands to ResXMLTree: that of the APK's first
 * package, with package id 0x00 (shared library) assigned 0x02 and library
 * entries mapped to the packages this table loads (ResTable::parsePackage).
 */
function dynamicRefTableOf(arsc: Uint8Array | undefined): DynamicRefTable | undefined {
  if (arsc === undefined) return undefined;
  const packages = readResourceTable(arsc).value.packages;
  let nextId = FIRST_ASSIGNED_PACKAGE_ID;
  const loaded = packages.map((resourcePackage) => ({
    name: resourcePackage.name,
    id: resourcePackage.id === 0 ? nextId++ : resourcePackage.id,
  }));
  const first = packages[0];
  const firstLoaded = loaded[0];
  if (first === undefined || firstLoaded === undefined) return undefined;
  return createDynamicRefTable(firstLoaded.id, first.libraries, loaded);
}

interface ApkDocuments {
  readonly documents: Document[];
  readonly table: DynamicRefTable | undefined;
}

/** AndroidManifest.xml and every res/**.xml (layouts, drawables, menus, xml/…): non-binary ones are filtered later. */
const MANIFEST_AND_RESOURCES = (name: string): boolean => name === 'AndroidManifest.xml' || /^res\/.+\.xml$/.test(name);

function binaryXmlDocuments(
  path: string,
  wanted: (name: string) => boolean = MANIFEST_AND_RESOURCES,
): ApkDocuments | undefined {
  let archive;
  try {
    archive = readZip(new Uint8Array(readFileSync(path))).value;
  } catch (error) {
    if (error instanceof FormatError) return undefined;
    throw error;
  }
  const names = new Set(archive.entries.map((entry) => entry.name).filter(wanted));
  const documents: Document[] = [];
  for (const name of names) {
    const entry = findEntry(archive, name);
    if (entry === undefined) continue;
    const bytes = readEntry(archive, entry).value;
    if (bytes === undefined || bytes[0] !== BINARY_XML_MAGIC[0] || bytes[1] !== BINARY_XML_MAGIC[1]) continue;
    documents.push({ entry: name, bytes });
  }
  const arscEntry = findEntry(archive, 'resources.arsc');
  const table = dynamicRefTableOf(arscEntry === undefined ? undefined : readEntry(archive, arscEntry).value);
  return { documents, table };
}

function ours(document: Document, table: DynamicRefTable | undefined): Buffer {
  try {
    return encodeLikeString8(
      formatAsAaptXmlTree(readBinaryXml(document.bytes).value, table === undefined ? {} : { dynamicRefTable: table }),
    );
  } catch (error) {
    return Buffer.from(`THREW ${(error as Error).message}`);
  }
}

test('formatAsAaptXmlTree equals aapt dump xmltree on the corpus', CORPUS_AAPT, (t) => {
  let compared = 0;
  let aaptFailed = 0;
  let excluded = 0;
  let notRetried = 0;
  let apks = 0;
  const mismatches: string[] = [];
  const started = Date.now();
  for (const apk of corpusApks()) {
    const found = binaryXmlDocuments(apk.path);
    const table = found?.table;
    const documents = found?.documents.filter((document) => {
      const reason = EXCLUDED.get(`${apk.name}!${document.entry}`);
      if (reason !== undefined) excluded++;
      return reason === undefined;
    });
    if (documents === undefined || documents.length === 0) continue;
    apks++;
    const batch = aaptXmlTree(
      apk.path,
      documents.map((document) => document.entry),
    );
    const ourBatch = Buffer.concat(documents.map((document) => ours(document, table)));
    if (batch.status === 0 && batch.stdout.equals(ourBatch)) {
      compared += documents.length;
      continue;
    }
    // Either aapt gave up on one document or we differ somewhere: compare one by one.
    for (const [index, document] of documents.entries()) {
      if (index >= MAX_SINGLE_CALLS_PER_APK) {
        notRetried += documents.length - index;
        break;
      }
      let single = aaptXmlTree(apk.path, [document.entry]);
      let documentTable = table;
      if (single.status !== 0) {
        // aapt may fail on the container (janus.apk, truncated central directory): give it the document alone.
        single = aaptXmlTree(temporaryApk(apk.name.replace(/\W/g, '_'), 'AndroidManifest.xml', document.bytes), [
          'AndroidManifest.xml',
        ]);
        documentTable = undefined;
        t.diagnostic(
          `aapt failed on ${apk.name}!${document.entry}; retried alone in a stored zip: status ${single.status}`,
        );
      }
      if (single.status !== 0) {
        aaptFailed++;
        const rejection = readBinaryXml(document.bytes).value.androidRejection;
        t.diagnostic(`aapt failed on ${apk.name}!${document.entry}; ours: ${rejection ?? 'accepted'}`);
        continue;
      }
      compared++;
      const mine = ours(document, documentTable);
      if (!single.stdout.equals(mine))
        mismatches.push(`${apk.name}!${document.entry}: ${firstDifference(single.stdout, mine)}`);
    }
  }
  const summary =
    `${compared} documents from ${apks} APKs compared with aapt in ${Date.now() - started} ms; ` +
    `${aaptFailed} where aapt failed, ${excluded} excluded, ${notRetried} not retried after a failed batch`;
  t.diagnostic(summary);
  console.log(summary);
  assert.deepEqual(mismatches, []);
  assert.ok(compared > 0, 'no documents compared');
});

test('formatAsAaptXmlTree equals aapt on every binary XML file of framework-res.apk', AAPT_FRAMEWORK_RES, (t) => {
  const found = binaryXmlDocuments(
    frameworkResPath,
    (name) => name === 'AndroidManifest.xml' || /^res\/.+\.xml$/.test(name),
  );
  assert.ok(found !== undefined && found.documents.length > 1000, 'framework-res.apk has its XML documents');
  const started = Date.now();
  const aapt = aaptXmlTree(
    frameworkResPath,
    found.documents.map((document) => document.entry),
  );
  const mine = Buffer.concat(found.documents.map((document) => ours(document, found.table)));
  const summary = `${found.documents.length} framework-res.apk documents compared with aapt in one call, ${Date.now() - started} ms`;
  t.diagnostic(summary);
  console.log(summary);
  assert.equal(aapt.status, 0);
  assert.ok(aapt.stdout.equals(mine), firstDifference(aapt.stdout, mine));
});
