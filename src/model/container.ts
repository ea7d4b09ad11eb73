/**
 * A JSON-safe summary of the ZIP container: what is in the app at a glance.
 */
import type { ZipArchive } from '../formats/zip/index.js';

export interface ContainerSummary {
  readonly entries: number;
  readonly centralDirectoryOffset: number;
  readonly prefixLength: number;
  readonly zip64: boolean;
  readonly commentLength: number;
  readonly methods: Record<string, number>;
  readonly dexEntries: string[];
  /** ABI folder name → number of native libraries (lib/<abi>/*.so). */
  readonly nativeLibraries: Record<string, number>;
  readonly assets: number;
  /** APK/JAR/ZIP/DEX files nested anywhere but the root classes*.dex: code that may be loaded at run time. */
  readonly nestedArchives: string[];
  readonly uncompressedBytes: number;
}

const NESTED_ARCHIVE = /\.(apk|jar|zip|dex|odex|vdex|xapk)$/i;
const ROOT_DEX = /^classes\d*\.dex$/;

export function summarizeContainer(archive: ZipArchive): ContainerSummary {
  const methods: Record<string, number> = {};
  const nativeLibraries: Record<string, number> = {};
  const dexEntries: string[] = [];
  const nestedArchives: string[] = [];
  let assets = 0;
  let uncompressedBytes = 0;
  for (const entry of archive.entries) {
    const method = entry.method === 0 ? 'stored' : entry.method === 8 ? 'deflate' : `method-${entry.method}`;
    methods[method] = (methods[method] ?? 0) + 1;
    uncompressedBytes += entry.uncompressedSize;
    if (entry.isDirectory) continue;
    if (ROOT_DEX.test(entry.name)) dexEntries.push(entry.name);
    else if (NESTED_ARCHIVE.test(entry.name)) nestedArchives.push(entry.name);
    const library = /^lib\/([^/]+)\/[^/]+\.so$/.exec(entry.name);
    if (library?.[1]) nativeLibraries[library[1]] = (nativeLibraries[library[1]] ?? 0) + 1;
    if (entry.name.startsWith('assets/')) assets++;
  }
  return {
    entries: archive.entries.length,
    centralDirectoryOffset: archive.centralDirectoryOffset,
    prefixLength: archive.prefixLength,
    zip64: archive.zip64,
    commentLength: archive.comment.byteLength,
    methods,
    dexEntries,
    nativeLibraries,
    assets,
    nestedArchives,
    uncompressedBytes,
  };
}
