/**
 * The network security config (developer.android.com/privacy-and-security/security-config):
 * domains where cleartext is permitted, and trust in user-installed CAs (which lets
 * whoever controls the phone's CA store read the app's TLS traffic).
 */
import type { AppModel } from '../../model/app-model.js';
import type { Evidence, Finding } from '../../findings/types.js';
import type { XmlElement } from '../../model/app-model.js';
import { emit } from './codes.js';

const MAX_WALKED_ELEMENTS = 10_000;

function findElement(root: XmlElement | undefined, matches: (element: XmlElement) => boolean): XmlElement | undefined {
  if (!root) return undefined;
  const stack: XmlElement[] = [root];
  for (let walked = 0; stack.length > 0 && walked < MAX_WALKED_ELEMENTS; walked++) {
    const element = stack.pop() as XmlElement;
    if (matches(element)) return element;
    for (let index = element.children.length - 1; index >= 0; index--) {
      const child = element.children[index];
      if (child?.kind === 'element') stack.push(child);
    }
  }
  return undefined;
}

function textOf(element: XmlElement): string {
  return element.children
    .map((child) => (child.kind === 'text' ? child.text : ''))
    .join('')
    .trim();
}

export function networkSecurityFindings(app: AppModel): Finding[] {
  const config = app.manifest?.networkSecurityConfig;
  if (!config) return [];
  const document = app.xmlResources.find((file) => file.entry === config.path)?.document;
  const evidenceFor = (matches: (element: XmlElement) => boolean): Evidence[] => {
    const element = findElement(document?.root, matches) ?? document?.root;
    return element
      ? [
          {
            kind: 'xml',
            apkSha256: app.apk.sha256,
            entry: config.path,
            element: element.name,
            line: element.lineNumber,
            offset: element.offset,
          },
        ]
      : [];
  };
  const findings: Finding[] = [];
  for (const domain of config.domains) {
    if (domain.cleartextTrafficPermitted !== true) continue;
    findings.push(
      emit('cleartext-permitted', {
        args: { domains: domain.domains, includeSubdomains: domain.includeSubdomains, config: config.path },
        confidence: 'high',
        evidence: evidenceFor((element) => element.name === 'domain' && domain.domains.includes(textOf(element))),
      }),
    );
  }
  if (config.baseCleartextTrafficPermitted === true) {
    findings.push(
      emit('cleartext-permitted-everywhere', {
        args: { config: config.path },
        confidence: 'high',
        evidence: evidenceFor((element) => element.name === 'base-config'),
      }),
    );
  }
  const userTrust = [...config.baseTrustAnchors, ...config.domains.flatMap((domain) => domain.trustAnchors)].some(
    (anchor) => anchor === 'user',
  );
  if (userTrust) {
    findings.push(
      emit('trusts-user-ca', {
        args: { config: config.path },
        confidence: 'high',
        evidence: evidenceFor(
          (element) =>
            element.name === 'certificates' && element.attributes.some((attribute) => attribute.rawValue === 'user'),
        ),
      }),
    );
  }
  return findings;
}
