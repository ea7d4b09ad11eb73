/** App bundles: single APKs, split sets and bundle containers (see types.ts). */
export type { AppBundle, BundleApk, BundleFile, BundleFormat, BundleMetadata, ZipHandoff } from './types.js';
export { openApp } from './open-app.js';
export { applyManifestSplitNames, splitFromFileName } from './split-names.js';
export { listNestedArchives, openNestedArchive } from './nested.js';
export { apkArchive, nestedArchivesOf } from './archive.js';
export { isFolder, openRegularFile, readRegularFile, readRegularFileHead, requireRegularFile } from './input-file.js';
