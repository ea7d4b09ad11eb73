/** App bundles: single APKs, split sets and bundle containers (see types.ts). */
export type {
  AppBundle,
  ApkRole,
  BundleApk,
  BundleFile,
  BundleFormat,
  BundleMetadata,
  SplitNameSource,
} from './types.js';
export { openApp } from './open-app.js';
export { applyManifestSplitNames, splitFromFileName } from './split-names.js';
export {
  listNestedArchives,
  openNestedArchive,
  MAX_NESTING_DEPTH,
  type NestedArchive,
  type OpenedNestedArchive,
} from './nested.js';
export { looksLikeEncryptedApkm } from './metadata.js';
export { apkArchive, nestedArchivesOf } from './archive.js';
