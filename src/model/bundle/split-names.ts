/**
 * Split names and the base APK. First from file names (the conventions of
 * bundletool, SAI, APKPure and APKMirror), then, through a hook, from each
 * split's manifest `split` attribute, which is what the package manager uses
 * (PackageParser/ApkLite: an APK without `split` is the base).
 */
import { DiagnosticSink, type ParseResult } from '../../formats/diagnostics.js';
import type { AppBundle, ApkRole, BundleApk, SplitNameSource } from './types.js';

const APK_EXTENSION = /\.apk$/i;
/** bundletool: splits/<module>-master.apk, splits/<module>-<config>.apk, standalones/standalone-<config>.apk. */
const BUNDLETOOL_SPLIT = /^(.+)-(master|[^-]+)$/;
/** APKMirror and Play's own naming: split_config.en.apk, split_<feature>.apk. */
const SPLIT_PREFIX = 'split_';
const BASE_NAMES: ReadonlySet<string> = new Set(['base', 'base-master']);

export interface FileNameVerdict {
  readonly role: ApkRole;
  readonly splitName: string | undefined;
}

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1).replace(APK_EXTENSION, '');
}

/** What a file name says about an APK; `packageName` recognises APKPure's `<package>.apk` base. */
export function splitFromFileName(path: string, packageName?: string): FileNameVerdict {
  const name = baseName(path);
  if (path.startsWith('standalones/') || path.includes('/standalones/'))
    return { role: 'standalone', splitName: undefined };
  if (BASE_NAMES.has(name) || (packageName !== undefined && name === packageName))
    return { role: 'base', splitName: undefined };
  if (name.startsWith(SPLIT_PREFIX)) return { role: 'split', splitName: name.slice(SPLIT_PREFIX.length) };
  if (name.startsWith('config.')) return { role: 'split', splitName: name };
  const bundletool = path.startsWith('splits/') || path.includes('/splits/') ? BUNDLETOOL_SPLIT.exec(name) : null;
  if (bundletool !== null) {
    const module = bundletool[1] as string;
    const config = bundletool[2] as string;
    if (module === 'base')
      return config === 'master'
        ? { role: 'base', splitName: undefined }
        : { role: 'split', splitName: `config.${config}` };
    return { role: 'split', splitName: config === 'master' ? module : `${module}.config.${config}` };
  }
  return { role: 'unknown', splitName: undefined };
}

/** Puts the base first; when no file names it, guesses and says so. */
export function chooseBase(apks: BundleApk[], sink: DiagnosticSink): BundleApk[] {
  const bases = apks.filter((apk) => apk.role === 'base');
  if (bases.length > 1) {
    sink.add(
      'bundle.multiple-bases',
      0,
      `${bases.length} APKs look like the base (${bases.map((apk) => apk.pathInBundle || apk.diskPath).join(', ')}); the first is used until the manifests decide`,
      'warning',
    );
  }
  let base = bases[0];
  if (base === undefined && apks.length === 1) {
    const only = apks[0] as BundleApk;
    base = { ...only, role: 'base', splitName: undefined, splitNameSource: undefined };
    apks = [base];
  } else if (base === undefined) {
    const unknown = apks.filter((apk) => apk.role === 'unknown');
    if (unknown.length === 1) {
      base = { ...(unknown[0] as BundleApk), role: 'base' };
      sink.add(
        'bundle.base-guessed',
        0,
        `no file is named like a base APK; "${base.pathInBundle || base.diskPath}" is the only one not named like a split and is taken as the base until its manifest confirms it`,
        'warning',
      );
      apks = apks.map((apk) => (apk === unknown[0] ? (base as BundleApk) : apk));
    } else if (apks.length > 0) {
      sink.add(
        'bundle.base-unknown',
        0,
        `no base APK can be told from the ${apks.length} file names; the manifests' split attributes must decide`,
        'warning',
      );
    }
  }
  if (base === undefined) return apks;
  // Beside a known base every other APK is a split (feature splits carry their module name, e.g. feat_docs.apk).
  const others = apks
    .filter((apk) => apk !== base)
    .map((apk): BundleApk =>
      apk.role === 'unknown'
        ? { ...apk, role: 'split', splitName: baseName(apk.pathInBundle || apk.diskPath), splitNameSource: 'file-name' }
        : apk,
    );
  return [base, ...others];
}

/**
 * The hook for the manifest layer: `readSplit` returns an APK's manifest
 * `split` attribute, `undefined` when the manifest has none (a base), or
 * `null` when the manifest cannot be read. Manifest names win over file names,
 * and every disagreement is reported (a renamed split is a cheap disguise).
 */
export function applyManifestSplitNames(
  bundle: AppBundle,
  readSplit: (apk: BundleApk) => string | undefined | null,
): ParseResult<AppBundle> {
  const sink = new DiagnosticSink();
  const apks = bundle.apks.map((apk): BundleApk => {
    if (apk.role === 'standalone') return apk;
    const split = readSplit(apk);
    if (split === null) return apk;
    const role: ApkRole = split === undefined ? 'base' : 'split';
    const where = apk.pathInBundle || apk.diskPath;
    if (apk.role !== 'unknown' && apk.role !== role) {
      sink.add(
        'bundle.split-role-mismatch',
        0,
        `"${where}" is named like a ${apk.role} but its manifest makes it a ${role}`,
        'warning',
      );
    } else if (split !== undefined && apk.splitName !== undefined && apk.splitName !== split) {
      sink.add(
        'bundle.split-name-mismatch',
        0,
        `"${where}" is named like split "${apk.splitName}" but its manifest says split="${split}"`,
        'warning',
      );
    }
    const source: SplitNameSource | undefined = split === undefined ? undefined : 'manifest';
    return { ...apk, role, splitName: split, splitNameSource: source };
  });
  const ordered = chooseBase(apks, sink);
  const base = ordered.find((apk) => apk.role === 'base');
  return { value: { ...bundle, apks: ordered, base }, diagnostics: sink.finish() };
}
