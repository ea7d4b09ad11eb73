/**
 * Human text for `apkwitness inspect`. Every app-controlled string passes through
 * safeText (ANSI escapes, control and bidi characters neutralised).
 */
import type { AppInspection } from '../model/app.js';
import type { AppReport } from '../model/inspect-app.js';
import type { Component } from '../model/manifest/types.js';
import { describeSdk } from '../formats/android-framework/sdk-levels.js';
import { safeText } from './terminal.js';

const hex = (value: number): string => `0x${value.toString(16)}`;
const DIAGNOSTICS_SHOWN = 40;

function row(label: string, value: string): string {
  return `  ${label.padEnd(16)} ${value}\n`;
}

function exportedText(component: Component): string {
  if (!component.exported) return 'private';
  return component.exportedReason === 'explicit' ? 'EXPORTED' : `EXPORTED (${component.exportedReason})`;
}

function renderManifest(inspection: AppInspection): string {
  const manifest = inspection.manifest;
  if (!manifest) return '\nApp\n  (no readable AndroidManifest.xml)\n';
  let out = '\nApp\n';
  out += row('package', safeText(manifest.packageName || '(none)'));
  const version = [
    manifest.versionName ? safeText(manifest.versionName) : undefined,
    manifest.versionCode !== undefined ? `code ${manifest.versionCode}` : undefined,
  ];
  out += row('version', version.filter(Boolean).join(', ') || 'unspecified');
  out += row('min SDK', describeSdk(manifest.minSdk, manifest.minSdkCodename));
  out += row('target SDK', describeSdk(manifest.targetSdk, manifest.targetSdkCodename));
  if (manifest.split) out += row('split', safeText(manifest.split));
  const label = manifest.label;
  const reference = label.reference
    ? `  [${label.reference.name ? `@${safeText(label.reference.name)}` : hex(label.reference.id)}]`
    : '';
  out += row('label', `${safeText(label.value ?? '(none)')}${reference}`);
  for (const [locale, text] of Object.entries(label.byLocale)) {
    if (locale !== '') out += row(`  ${safeText(locale)}`, safeText(text));
  }
  if (manifest.applicationClass) out += row('application', safeText(manifest.applicationClass));
  if (manifest.sharedUserId) out += row('sharedUserId', safeText(manifest.sharedUserId));
  const flags = Object.entries(manifest.flags)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${String(value)}`);
  out += row('flags', flags.join(' ') || '(defaults)');
  if (manifest.networkSecurityConfigReference)
    out += row('network config', safeText(manifest.networkSecurityConfigReference));
  const networkConfig = manifest.networkSecurityConfig;
  if (networkConfig) {
    const base = [
      networkConfig.baseCleartextTrafficPermitted !== undefined
        ? `cleartext ${networkConfig.baseCleartextTrafficPermitted ? 'PERMITTED' : 'refused'}`
        : '',
      networkConfig.baseTrustAnchors.length > 0 ? `trusts ${networkConfig.baseTrustAnchors.join(', ')}` : '',
    ].filter(Boolean);
    if (base.length > 0) out += row('  base', safeText(base.join('; ')));
    for (const domain of networkConfig.domains) {
      const parts = [
        domain.cleartextTrafficPermitted !== undefined
          ? `cleartext ${domain.cleartextTrafficPermitted ? 'PERMITTED' : 'refused'}`
          : '',
        domain.trustAnchors.length > 0 ? `trusts ${domain.trustAnchors.join(', ')}` : '',
        domain.pins.length > 0 ? `${domain.pins.length} pins` : '',
      ].filter(Boolean);
      out += row(
        '  domain',
        safeText(
          `${domain.domains.join(', ')}${domain.includeSubdomains ? ' (+subdomains)' : ''}: ${parts.join('; ') || 'inherits'}`,
        ),
      );
    }
    if (networkConfig.debugTrustAnchors.length > 0)
      out += row('  debug', safeText(`trusts ${networkConfig.debugTrustAnchors.join(', ')}`));
  }

  out += `\nPermissions requested (${manifest.usesPermissions.length})\n`;
  for (const permission of manifest.usesPermissions) {
    const level = permission.protectionLevel ?? 'app-defined or unknown';
    out += `  ${safeText(permission.name).padEnd(56)} ${level.padEnd(22)} line ${permission.evidence.line}\n`;
  }
  if (manifest.declaredPermissions.length > 0) {
    out += `\nPermissions declared (${manifest.declaredPermissions.length})\n`;
    for (const permission of manifest.declaredPermissions)
      out += `  ${safeText(permission.name).padEnd(56)} ${permission.protectionLevel}\n`;
  }
  const exported = manifest.components.filter((component) => component.exported).length;
  out += `\nComponents (${manifest.components.length}, ${exported} exported)\n`;
  for (const component of manifest.components) {
    const actions = component.intentFilters
      .flatMap((filter) => filter.actions)
      .map((action) => action.replace(/^android\.intent\.action\./, ''));
    const extra = [
      component.authorities.length > 0 ? `authorities=${component.authorities.join(';')}` : '',
      component.permission ? `permission=${component.permission}` : '',
      actions.length > 0 ? `actions=${actions.slice(0, 6).join(',')}${actions.length > 6 ? ',…' : ''}` : '',
    ].filter(Boolean);
    out += `  ${component.kind.padEnd(14)} ${safeText(component.name)}  ${exportedText(component)}${extra.length ? `  ${safeText(extra.join(' '))}` : ''}\n`;
  }
  return out;
}

function renderSigning(inspection: AppInspection): string {
  const signing = inspection.signing;
  let out = '\nSigners\n';
  if (signing.schemes.length === 0) out += '  (unsigned: no v1 signature files and no APK Signing Block)\n';
  for (const scheme of signing.schemes) {
    const result = scheme.verified ? 'verified' : `FAILED: ${scheme.problems.slice(0, 3).join('; ')}`;
    out += row(
      `scheme ${scheme.scheme}`,
      safeText(`${result}${scheme.signers.length > 1 ? ` (${scheme.signers.length} signers)` : ''}`, 400),
    );
  }
  for (const certificate of signing.certificates) {
    const marker = certificate.sha256 === signing.effectiveSigner ? ' (signer Android binds the app to)' : '';
    out += `  certificate ${certificate.sha256}${marker}\n`;
    if (certificate.subject) out += row('  subject', safeText(certificate.subject.text));
    if (certificate.issuer && certificate.issuer.text !== certificate.subject?.text)
      out += row('  issuer', safeText(certificate.issuer.text));
    const key = certificate.publicKey
      ? `${certificate.publicKey.algorithm}${certificate.publicKey.sizeBits ? ` ${certificate.publicKey.sizeBits}` : certificate.publicKey.curve ? ` ${certificate.publicKey.curve}` : ''}`
      : 'unknown key';
    out += row(
      '  key',
      `${key}, ${certificate.signatureAlgorithm ?? 'unknown signature algorithm'}, serial ${certificate.serialNumber ?? '?'}`,
    );
    out += row(
      '  valid',
      `${certificate.notBefore ?? '?'} to ${certificate.notAfter ?? '?'}${certificate.expired ? ' (EXPIRED)' : ''}`,
    );
    if (certificate.wellKnownKey) out += row('  well-known key', safeText(certificate.wellKnownKey.name));
  }
  for (const finding of signing.findings)
    out += `  ${finding.severity.padEnd(7)} ${finding.code}: ${safeText(finding.detail, 300)}\n`;
  return out;
}

/** Dex discovery: what code the APK carries, whether Android loads it, and what each dex holds. */
function renderCode(inspection: AppInspection): string {
  if (inspection.code.length === 0) return '\nCode\n  (no dex)\n';
  let out = '\nCode\n';
  for (const source of inspection.code) {
    const contents =
      source.version === undefined
        ? `${source.kind}, not parsed`
        : `dex ${String(source.version).padStart(3, '0')}, ${(source.classes ?? 0).toLocaleString('en')} classes, ${(source.methods ?? 0).toLocaleString('en')} methods`;
    const loaded = source.loadedByAndroid ? '' : 'NOT LOADED by Android: ';
    out += row(
      safeText(source.name),
      `${contents}, ${source.size.toLocaleString('en')} bytes (${loaded}${safeText(source.note)})`,
    );
  }
  return out;
}

function renderInspectionText(inspection: AppInspection, options: { allDiagnostics?: boolean } = {}): string {
  const { file, container, resources } = inspection;
  let out = `${safeText(file.path)}\n`;
  out += row('SHA-256', file.sha256);
  out += row('size', `${file.size.toLocaleString('en')} bytes`);

  out += '\nContainer\n';
  const methods = Object.entries(container.methods)
    .map(([method, count]) => `${method} ${count}`)
    .join(', ');
  out += row('entries', `${container.entries} (${methods})`);
  out += row(
    'directory',
    `at ${hex(container.centralDirectoryOffset)}${container.zip64 ? ', zip64' : ''}${container.commentLength ? `, comment ${container.commentLength} bytes` : ''}`,
  );
  if (container.prefixLength > 0)
    out += row('prefix', `${container.prefixLength} bytes before the first entry (not part of the zip)`);
  out += row('dex', container.dexEntries.join(', ') || '(none)');
  const abis = Object.entries(container.nativeLibraries).map(([abi, count]) => `${abi} (${count})`);
  if (abis.length > 0) out += row('native libs', safeText(abis.join(', ')));
  if (container.nestedArchives.length > 0) {
    const shown = container.nestedArchives.slice(0, 10).map((name) => safeText(name));
    out += row(
      'nested code',
      `${shown.join(', ')}${container.nestedArchives.length > 10 ? `, … (${container.nestedArchives.length})` : ''}`,
    );
  }
  out += row('assets', String(container.assets));

  out += renderManifest(inspection);

  if (resources) {
    out += '\nResources\n';
    for (const resourcePackage of resources.packages) {
      const libraries =
        resourcePackage.libraries.length > 0 ? `, shared libraries: ${resourcePackage.libraries.join(', ')}` : '';
      out += row(
        `package ${hex(resourcePackage.id)}`,
        `${safeText(resourcePackage.name)} (${resourcePackage.types} types, ${resourcePackage.entries} values${safeText(libraries)})`,
      );
    }
    out += row('locales', resources.locales.length > 0 ? safeText(resources.locales.join(', ')) : '(default only)');
    out += row('configurations', String(resources.configurations));
  }

  out += renderCode(inspection);
  out += renderSigning(inspection);

  const diagnostics = inspection.diagnostics;
  out += `\nAnomalies (${diagnostics.length})\n`;
  const shown = options.allDiagnostics ? diagnostics : diagnostics.slice(0, DIAGNOSTICS_SHOWN);
  for (const diagnostic of shown) {
    out += `  ${diagnostic.severity.padEnd(7)} ${safeText(diagnostic.source)} @${hex(diagnostic.offset)} ${diagnostic.code}: ${safeText(diagnostic.detail, 300)}\n`;
  }
  if (shown.length < diagnostics.length) out += `  … ${diagnostics.length - shown.length} more (--all-diagnostics)\n`;
  return `${out}\n`;
}

/** The whole input: the bundle (when there is one), then each APK. */
export function renderAppReportText(report: AppReport, options: { allDiagnostics?: boolean } = {}): string {
  let out = '';
  const isBundle = report.format !== 'apk' || report.apks.length !== 1;
  if (isBundle) {
    out += `Bundle (${report.format})\n`;
    for (const input of report.inputs) out += row('input', `${safeText(input.diskPath)}  SHA-256 ${input.sha256}`);
    const metadata = report.metadata;
    if (metadata.source)
      out += row(
        'metadata',
        safeText(
          `${metadata.source}: ${[metadata.packageName, metadata.versionName, metadata.label].filter(Boolean).join(', ')}`,
        ),
      );
    for (const apk of report.apks) {
      out += row(
        apk.role,
        safeText(`${apk.splitName ?? ''}${apk.splitName ? '  ' : ''}${apk.pathInBundle || apk.file.path}`),
      );
    }
    if (report.otherFiles.length > 0)
      out += row('other files', safeText(report.otherFiles.map((file) => file.pathInBundle).join(', ')));
    for (const diagnostic of report.diagnostics) {
      out += `  ${diagnostic.severity.padEnd(7)} ${diagnostic.code}: ${safeText(diagnostic.detail, 300)}\n`;
    }
    out += '\n';
  }
  for (const apk of report.apks) {
    if (isBundle) out += `── ${apk.role}${apk.splitName ? ` ${safeText(apk.splitName)}` : ''} ──\n`;
    out += renderInspectionText(apk, options);
  }
  return out;
}
