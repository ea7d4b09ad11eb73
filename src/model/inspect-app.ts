/**
 * Inspection of what the user handed us: one APK, split APKs, or a bundle container.
 * Every APK in it is inspected; split names are confirmed from each manifest.
 */
import {
  applyManifestSplitNames,
  openApp,
  type AppBundle,
  type BundleFile,
  type BundleFormat,
  type BundleMetadata,
} from './bundle/index.js';
import type { Diagnostic } from '../formats/diagnostics.js';
import { inspectApk, type AppInspection } from './app.js';

interface InspectedApk extends AppInspection {
  readonly role: string;
  readonly splitName?: string;
  /** Path inside the container ('' when the APK was given directly). */
  readonly pathInBundle: string;
}

export interface AppReport {
  readonly format: BundleFormat;
  readonly inputs: readonly BundleFile[];
  readonly metadata: BundleMetadata;
  readonly otherFiles: readonly BundleFile[];
  readonly apks: InspectedApk[];
  /** Anomalies of the bundle itself (split naming, container metadata, encryption). */
  readonly diagnostics: Diagnostic[];
}

/** `input` is one path (APK, bundle or folder) or several split APK paths. Throws FormatError when unreadable. */
export function inspectApp(input: string | readonly string[]): AppReport {
  const opened = openApp(input);
  // Keyed by location: applyManifestSplitNames returns new APK objects.
  const key = (apk: { diskPath: string; pathInBundle: string }) => `${apk.diskPath}\u0000${apk.pathInBundle}`;
  const inspections = new Map(
    opened.value.apks.map((apk) => {
      const label = apk.pathInBundle ? `${apk.diskPath}!/${apk.pathInBundle}` : apk.diskPath;
      return [key(apk), inspectApk(apk.bytes, label, { sha256: apk.sha256, zip: apk.zip })] as const;
    }),
  );
  const confirmed = applyManifestSplitNames(opened.value, (apk) => {
    const manifest = inspections.get(key(apk))?.manifest;
    return manifest ? manifest.split : null;
  });
  const bundle: AppBundle = confirmed.value;
  const apks: InspectedApk[] = [];
  for (const apk of bundle.apks) {
    const inspection = inspections.get(key(apk));
    if (inspection)
      apks.push({ role: apk.role, splitName: apk.splitName, pathInBundle: apk.pathInBundle, ...inspection });
  }
  return {
    format: bundle.format,
    inputs: bundle.inputs,
    metadata: bundle.metadata,
    otherFiles: bundle.otherFiles,
    apks,
    diagnostics: [...opened.diagnostics, ...confirmed.diagnostics],
  };
}
