/**
 * Builds the AppModel rules run on, from what inspectApk already parsed (archive,
 * manifest, resource table, signing) plus the code index, every binary XML under
 * res/ and the sniffed assets. Nothing is parsed twice; every read has a budget.
 */
import { FormatError } from '../formats/diagnostics.js';
import { readBinaryXml } from '../formats/axml/index.js';
import { readEntry, type ZipArchive, type ZipEntry } from '../formats/zip/index.js';
import { buildCodeIndex } from './code-index/index.js';
import { parsedSources } from './code/index.js';
import { openApp } from './bundle/index.js';
import { inspectApkParts, type AppInspection, type InspectOptions } from './app.js';
import type { SourcedDiagnostic } from './sourced-diagnostic.js';
import { createHash } from 'node:crypto';
import { sniffAsset } from './assets/index.js';
import { layoutIdOverflow, MAX_LAYOUT_IDS_PER_FILE } from './forms/index.js';
import type { AppModel, AssetInfo, XmlResourceFile } from './app-model.js';

/** Binary XML starts with a RES_XML_TYPE chunk header (ResourceTypes.h: RES_XML_TYPE = 0x0003, header size 8). */
const RES_XML_TYPE = 0x0003;
const RES_XML_HEADER_SIZE = 0x0008;
/** Per-entry inflation budget for res/ XML files (the largest real layouts are a few hundred KB). */
const XML_RESOURCE_BUDGET_BYTES = 16 * 1024 * 1024;
/** Bound on parsed res/ XML files (framework-res has ~6,000; a hostile zip may claim millions). */
const MAX_XML_RESOURCES = 20_000;
/** Per-asset and total inflation budgets for sniffing. */
const ASSET_BUDGET_BYTES = 64 * 1024 * 1024;
const TOTAL_ASSET_BUDGET_BYTES = 512 * 1024 * 1024;
const MAX_ASSETS = 5_000;

const DEX_ENTRY = /^classes\d*\.dex$/;
const STANDARD_ENTRIES: ReadonlySet<string> = new Set(['AndroidManifest.xml', 'resources.arsc']);

export interface BuildOptions {
  readonly sha256?: string;
  readonly splitName?: string;
  /** readZip of the same bytes, when the caller made it (inspectApkParts' option). */
  readonly zip?: InspectOptions['zip'];
}

export interface BuiltApp {
  readonly model: AppModel;
  readonly inspection: AppInspection;
}

function firstOfEachName(archive: ZipArchive): ZipEntry[] {
  // Android reads the first copy of a duplicated name (libziparchive); later copies are evidence of tampering, reported by the container layer.
  const seen = new Set<string>();
  return archive.entries.filter((entry) => {
    if (entry.isDirectory || seen.has(entry.name)) return false;
    seen.add(entry.name);
    return true;
  });
}

function isBinaryXml(bytes: Uint8Array): boolean {
  return bytes.length >= RES_XML_HEADER_SIZE && ((bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8)) === RES_XML_TYPE;
}

function readXmlResources(
  archive: ZipArchive,
  entries: readonly ZipEntry[],
  diagnostics: SourcedDiagnostic[],
): XmlResourceFile[] {
  const all = entries.filter((entry) => entry.name.startsWith('res/') && entry.name.endsWith('.xml'));
  const candidates = all.slice(0, MAX_XML_RESOURCES);
  if (all.length > MAX_XML_RESOURCES)
    diagnostics.push({
      source: '(res/ XML)',
      code: 'model.xml-resources-limit',
      offset: 0,
      severity: 'warning',
      detail: `${all.length} XML files under res/, more than the ${MAX_XML_RESOURCES} read per APK: the other ${all.length - MAX_XML_RESOURCES} are not read`,
    });
  // Layouts first, each group in archive order: what the stable sort by "is a layout" gave, in two linear passes.
  const isLayout = (entry: ZipEntry): boolean => entry.name.startsWith('res/layout');
  const layoutsFirst = [...candidates.filter(isLayout), ...candidates.filter((entry) => !isLayout(entry))];
  const files: XmlResourceFile[] = [];
  for (const entry of layoutsFirst) {
    const data = readEntry(archive, entry, { maxBytes: XML_RESOURCE_BUDGET_BYTES });
    diagnostics.push(...data.diagnostics.map((diagnostic) => ({ ...diagnostic, source: entry.name })));
    // A plain-text XML under res/ (raw resources kept uncompiled) is not binary XML: skip it quietly.
    if (data.value === undefined || !isBinaryXml(data.value)) continue;
    try {
      const document = readBinaryXml(data.value);
      diagnostics.push(...document.diagnostics.map((diagnostic) => ({ ...diagnostic, source: entry.name })));
      files.push({ entry: entry.name, document: document.value });
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      diagnostics.push({
        source: entry.name,
        code: error.code,
        offset: error.offset,
        severity: 'warning',
        detail: error.message,
      });
    }
  }
  return files;
}

function isAssetLike(name: string): boolean {
  return (
    !name.startsWith('res/') && !name.startsWith('META-INF/') && !DEX_ENTRY.test(name) && !STANDARD_ENTRIES.has(name)
  );
}

function readAssets(archive: ZipArchive, entries: readonly ZipEntry[], diagnostics: SourcedDiagnostic[]): AssetInfo[] {
  const assets: AssetInfo[] = [];
  let budget = TOTAL_ASSET_BUDGET_BYTES;
  const all = entries.filter((candidate) => isAssetLike(candidate.name));
  if (all.length > MAX_ASSETS)
    diagnostics.push({
      source: '(assets)',
      code: 'model.assets-limit',
      offset: 0,
      severity: 'warning',
      detail: `${all.length} other files, more than the ${MAX_ASSETS} sniffed per APK: the other ${all.length - MAX_ASSETS} are not read`,
    });
  for (const entry of all.slice(0, MAX_ASSETS)) {
    if (entry.uncompressedSize > Math.min(ASSET_BUDGET_BYTES, budget)) {
      diagnostics.push({
        source: entry.name,
        code: 'model.asset-over-budget',
        offset: entry.centralHeaderOffset,
        severity: 'warning',
        detail: `declares ${entry.uncompressedSize} bytes, over the sniffing budget (${ASSET_BUDGET_BYTES} per file, ${budget} left of ${TOTAL_ASSET_BUDGET_BYTES} per APK): not read`,
      });
      assets.push({
        entry: entry.name,
        size: entry.uncompressedSize,
        type: 'unread',
        details: { reason: 'over the sniffing budget' },
        strings: [],
      });
      continue;
    }
    const data = readEntry(archive, entry, { maxBytes: Math.min(ASSET_BUDGET_BYTES, budget) });
    diagnostics.push(...data.diagnostics.map((diagnostic) => ({ ...diagnostic, source: entry.name })));
    if (data.value === undefined) {
      assets.push({
        entry: entry.name,
        size: entry.uncompressedSize,
        type: 'unread',
        details: { reason: 'unreadable entry' },
        strings: [],
      });
      continue;
    }
    budget -= data.value.length;
    // Each asset's SHA-256: a reader matches a shipped file with a known one (a hash list, a payload).
    assets.push({
      ...sniffAsset(entry.name, data.value, data.value.length),
      sha256: createHash('sha256').update(data.value).digest('hex'),
    });
  }
  return assets;
}

/** Everything read from the APK's entries; the archive (and its memo of inflated entries) stays behind. */
interface ApkContents {
  readonly parts: Omit<ReturnType<typeof inspectApkParts>, 'archive'>;
  readonly xmlResources: XmlResourceFile[];
  readonly assets: AssetInfo[];
  readonly contentDiagnostics: SourcedDiagnostic[];
}

/**
 * Every read of entry data of one APK. The archive lives only in this function: entries the
 * signing stage inflated are shared with dex discovery, res/ XML and assets through the
 * archive's memo (formats/zip/entry-memo.ts), which becomes garbage when this returns, before
 * the code index (the scan's largest allocation). Nothing has to be released by hand.
 */
function readApkContents(bytes: Uint8Array, path: string, options: BuildOptions): ApkContents {
  const { archive, ...parts } = inspectApkParts(bytes, path, { sha256: options.sha256, zip: options.zip });
  const entries = firstOfEachName(archive);
  const contentDiagnostics: SourcedDiagnostic[] = [];
  const xmlResources = readXmlResources(archive, entries, contentDiagnostics);
  const assets = readAssets(archive, entries, contentDiagnostics);
  return { parts, xmlResources, assets, contentDiagnostics };
}

/** Parses one APK fully into the AppModel (and the inspection it started from). Throws FormatError only for a non-ZIP. */
export function buildAppModel(bytes: Uint8Array, path: string, options: BuildOptions = {}): BuiltApp {
  const { parts, xmlResources, assets, contentDiagnostics } = readApkContents(bytes, path, options);
  const { inspection } = parts;
  const diagnostics: SourcedDiagnostic[] = [...inspection.diagnostics];
  // Dex discovery ran in the inspection (its diagnostics are among the inspection's).
  const dexSources = parsedSources(parts.dexSources);
  const code = dexSources.length > 0 ? buildCodeIndex(dexSources) : undefined;
  if (code) diagnostics.push(...code.diagnostics.map((diagnostic) => ({ ...diagnostic, source: '(code index)' })));
  // The XML and asset diagnostics follow the code index's, as they always have.
  diagnostics.push(...contentDiagnostics);
  for (const { path: layout, ids } of layoutIdOverflow(parts.resources))
    diagnostics.push({
      source: 'resources.arsc',
      code: 'model.layout-ids-limit',
      offset: 0,
      severity: 'warning',
      detail: `${ids} layout ids name ${layout}; forms keep the first ${MAX_LAYOUT_IDS_PER_FILE} (every corpus layout file is named by one)`,
    });
  const model: AppModel = {
    apk: {
      path,
      sha256: inspection.file.sha256,
      size: inspection.file.size,
      splitName: options.splitName ?? inspection.manifest?.split,
    },
    manifest: inspection.manifest,
    resources: parts.resources,
    dexSources,
    code: code?.value,
    xmlResources,
    assets,
    signing: inspection.signing,
    diagnostics,
  };
  return { model, inspection };
}

/** Every APK of an app (single APK, split APKs, folder or bundle), base first. Throws FormatError when unreadable. */
export function buildAppModels(input: string | readonly string[]): {
  models: AppModel[];
  diagnostics: SourcedDiagnostic[];
} {
  const opened = openApp(input);
  const models = opened.value.apks.map((apk) => {
    const label = apk.pathInBundle ? `${apk.diskPath}!/${apk.pathInBundle}` : apk.diskPath;
    return buildAppModel(apk.bytes, label, { sha256: apk.sha256, splitName: apk.splitName, zip: apk.zip }).model;
  });
  return { models, diagnostics: opened.diagnostics.map((diagnostic) => ({ ...diagnostic, source: '(bundle)' })) };
}
