/**
 * Whether what was read is an Android app at all: a report about an archive without a
 * manifest would name no package and answer nothing (it exited 0 with "(no package)").
 */
import { isLimitDiagnostic } from './limits.js';
import type { SourcedDiagnostic } from './sourced-diagnostic.js';

/**
 * Why no APK of the app has a manifest, in one line, or undefined when one has. `apks` holds
 * each APK's diagnostics and whether a manifest was decoded.
 */
export function whyNotAnApp(
  apks: ReadonlyArray<{ readonly hasManifest: boolean; readonly diagnostics: readonly SourcedDiagnostic[] }>,
): string | undefined {
  if (apks.length === 0 || apks.some((apk) => apk.hasManifest)) return undefined;
  const unread = apks
    .flatMap((apk) => apk.diagnostics)
    .find((diagnostic) => diagnostic.source === 'AndroidManifest.xml' && isLimitDiagnostic(diagnostic));
  if (unread !== undefined) return `AndroidManifest.xml not read: ${unread.detail}`;
  const damaged = apks
    .flatMap((apk) => apk.diagnostics)
    .find((diagnostic) => diagnostic.code === 'app.manifest-unreadable');
  if (damaged !== undefined)
    return 'AndroidManifest.xml could not be read (apkwitness inspect --all-diagnostics says why)';
  return 'not an Android app: no AndroidManifest.xml';
}
