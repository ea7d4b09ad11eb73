/**
 * The inspection pipeline for one APK: container → manifest + resources → signers.
 * Each stage keeps going when an earlier one reports anomalies; only a file that is
 * not a ZIP at all stops it (FormatError with a one-line message).
 */
import { createHash } from 'node:crypto';
import { readZip, readEntry, findEntry, type ZipArchive } from '../formats/zip/index.js';
import { readBinaryXml } from '../formats/axml/index.js';
import type { Diagnostic } from '../formats/diagnostics.js';
import type { ZipHandoff } from './bundle/index.js';
import { buildManifest, NO_RESOURCES, type ResourceLookup } from './manifest/build.js';
import { readNetworkSecurityConfig } from './manifest/network-security-config.js';
import type { Manifest } from './manifest/types.js';
import { summarizeContainer, type ContainerSummary } from './container.js';
import { loadResources, type ResourceSummary } from './resources-lookup.js';
import { readSigning, type SigningReport } from './signing/index.js';
import type { ResourceTable } from '../formats/arsc/types.js';
import type { Resources } from './resources/index.js';
import type { SourcedDiagnostic } from './sourced-diagnostic.js';
import { findDexSources, summarizeDex, type DexSource, type DexSummary } from './code/index.js';

/** Default per-entry inflation budget for metadata entries (manifest, resources.arsc). */
const METADATA_BUDGET_BYTES = 256 * 1024 * 1024;

export interface AppInspection {
  readonly file: { readonly path: string; readonly size: number; readonly sha256: string };
  readonly container: ContainerSummary;
  readonly manifest?: Manifest;
  readonly resources?: ResourceSummary;
  readonly signing: SigningReport;
  /** Every piece of code the APK carries (dex discovery), class path first. */
  readonly code: readonly DexSummary[];
  readonly diagnostics: SourcedDiagnostic[];
}

/** Source label of the dex discovery's diagnostics. */
const DEX_SOURCE = '(dex)';

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sourced(source: string, diagnostics: readonly Diagnostic[]): SourcedDiagnostic[] {
  return diagnostics.map((diagnostic) => ({ ...diagnostic, source }));
}

/** Reads one entry under the metadata budget; undefined (with diagnostics) when it cannot be read. */
function readNamedEntry(archive: ZipArchive, name: string, diagnostics: SourcedDiagnostic[]): Uint8Array | undefined {
  const entry = findEntry(archive, name);
  if (!entry) return undefined;
  const result = readEntry(archive, entry, { maxBytes: METADATA_BUDGET_BYTES });
  diagnostics.push(...sourced(name, result.diagnostics));
  return result.value;
}

/**
 * The bytes of an entry the model keeps for the whole scan, in a buffer of their own. A
 * stored entry is a view into the APK's bytes (formats/zip/entry-data.ts), and a view keeps
 * its whole buffer alive: the lazily decoded string pool of a stored resources.arsc (as
 * Android 11 requires of apps targeting it) held the whole of
 * npm/appium-uiautomator2-server-v10.6.6.apk until the report was written. Inflated entries
 * own their buffer already.
 */
function ownedBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** Decodes the XML file android:networkSecurityConfig points to (res/xml/…), when present. */
function withNetworkSecurityConfig(
  archive: ZipArchive,
  manifest: Manifest,
  lookup: ResourceLookup,
  diagnostics: SourcedDiagnostic[],
): Manifest {
  if (manifest.networkSecurityConfigId === undefined) return manifest;
  const paths = Object.values(lookup.stringsByLocale(manifest.networkSecurityConfigId));
  const path = paths[0];
  const bytes = path ? readNamedEntry(archive, path, diagnostics) : undefined;
  if (!path || !bytes) {
    diagnostics.push({
      source: 'AndroidManifest.xml',
      code: 'manifest.network-security-config-missing',
      offset: 0,
      severity: 'warning',
      detail: `android:networkSecurityConfig points to ${manifest.networkSecurityConfigReference ?? 'a resource'} whose file cannot be read`,
    });
    return manifest;
  }
  const document = readBinaryXml(bytes);
  diagnostics.push(...sourced(path, document.diagnostics));
  const resolveName = (reference: string): string => {
    const match = /^@0x([0-9a-f]{8})$/.exec(reference);
    const name = match ? lookup.nameOf(Number.parseInt(match[1] ?? '0', 16)) : undefined;
    return name ? `@${name}` : reference;
  };
  return { ...manifest, networkSecurityConfig: readNetworkSecurityConfig(document.value, path, resolveName) };
}

export interface InspectOptions {
  /** SHA-256 already computed by the caller (bundles hash every file once). */
  readonly sha256?: string;
  /** readZip of the same bytes, made by openApp (a single file's directory), taken here. */
  readonly zip?: ZipHandoff;
}

/** What inspectApk parsed, kept for later stages (buildAppModel) so nothing is parsed twice. */
export interface ApkParts {
  readonly inspection: AppInspection;
  readonly archive: ZipArchive;
  readonly resourceTable?: ResourceTable;
  readonly resources?: Resources;
  /** Every dex source, parsed (the code index and method bodies read these). */
  readonly dexSources: readonly DexSource[];
}

export function inspectApk(bytes: Uint8Array, path: string, options: InspectOptions = {}): AppInspection {
  return inspectApkParts(bytes, path, options).inspection;
}

export function inspectApkParts(bytes: Uint8Array, path: string, options: InspectOptions = {}): ApkParts {
  const diagnostics: SourcedDiagnostic[] = [];
  const zip = options.zip?.take(bytes) ?? readZip(bytes);
  diagnostics.push(...sourced('(container)', zip.diagnostics));
  const archive = zip.value;

  const resourcesBytes = readNamedEntry(archive, 'resources.arsc', diagnostics);
  const resources = resourcesBytes ? loadResources(ownedBytes(resourcesBytes), diagnostics) : undefined;

  let manifest: Manifest | undefined;
  const manifestBytes = readNamedEntry(archive, 'AndroidManifest.xml', diagnostics);
  if (!manifestBytes) {
    const present = findEntry(archive, 'AndroidManifest.xml') !== undefined;
    diagnostics.push({
      source: 'AndroidManifest.xml',
      code: present ? 'app.manifest-unreadable' : 'app.no-manifest',
      offset: 0,
      severity: 'error',
      detail: present
        ? 'AndroidManifest.xml could not be read (the diagnostics of that entry say why)'
        : 'AndroidManifest.xml is missing: Android would not install this file',
    });
  } else {
    const document = readBinaryXml(manifestBytes);
    diagnostics.push(...sourced('AndroidManifest.xml', document.diagnostics));
    if (document.value.androidRejection) {
      diagnostics.push({
        source: 'AndroidManifest.xml',
        code: 'axml.android-rejects',
        offset: 0,
        severity: 'error',
        detail: `Android would reject this manifest: ${document.value.androidRejection}`,
      });
    }
    const built = buildManifest(document.value, resources?.lookup ?? NO_RESOURCES);
    diagnostics.push(...sourced('AndroidManifest.xml', built.diagnostics));
    manifest = withNetworkSecurityConfig(archive, built.value, resources?.lookup ?? NO_RESOURCES, diagnostics);
  }

  const signing = readSigning(archive);
  diagnostics.push(...sourced('(signatures)', signing.diagnostics));

  const dex = findDexSources(archive);
  diagnostics.push(...sourced(DEX_SOURCE, dex.diagnostics));

  const inspection: AppInspection = {
    file: { path, size: bytes.byteLength, sha256: options.sha256 ?? sha256Hex(bytes) },
    container: summarizeContainer(archive),
    manifest,
    resources: resources?.summary,
    signing: signing.value,
    code: dex.value.map(summarizeDex),
    diagnostics,
  };
  return {
    inspection,
    archive,
    resourceTable: resources?.table,
    resources: resources?.resources,
    dexSources: dex.value,
  };
}
