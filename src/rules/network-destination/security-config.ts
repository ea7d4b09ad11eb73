/**
 * The network security config (developer.android.com/privacy-and-security/security-config):
 * domains where cleartext is permitted, and trust in user-installed CAs (which lets
 * whoever controls the phone's CA store read the app's TLS traffic).
 */
import type { AppModel } from '../../model/app-model.js';
import type { Evidence, Finding } from '../../findings/types.js';
import type { XmlElement } from '../../model/app-model.js';

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

export function networkSecurityFindings(app: AppModel, ruleId: string): Finding[] {
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
    const names = domain.domains.join(', ');
    findings.push({
      ruleId,
      code: 'destination.cleartext-permitted',
      topic: 'destination',
      claim: `The network security config permits cleartext (unencrypted) traffic to ${names}${domain.includeSubdomains ? ' and subdomains' : ''}`,
      args: { domains: names, includeSubdomains: domain.includeSubdomains, config: config.path },
      confidence: 'high',
      evidence: evidenceFor((element) => element.name === 'domain' && domain.domains.includes(textOf(element))),
    });
  }
  if (config.baseCleartextTrafficPermitted === true) {
    findings.push({
      ruleId,
      code: 'destination.cleartext-permitted-everywhere',
      topic: 'destination',
      claim: 'The network security config permits cleartext (unencrypted) traffic to every host',
      args: { config: config.path },
      confidence: 'high',
      evidence: evidenceFor((element) => element.name === 'base-config'),
    });
  }
  const userTrust = [...config.baseTrustAnchors, ...config.domains.flatMap((domain) => domain.trustAnchors)].some(
    (anchor) => anchor === 'user',
  );
  if (userTrust) {
    findings.push({
      ruleId,
      code: 'destination.trusts-user-ca',
      topic: 'destination',
      claim:
        'The network security config trusts user-installed certificate authorities (TLS traffic can be intercepted by whoever installs one)',
      args: { config: config.path },
      confidence: 'high',
      evidence: evidenceFor(
        (element) =>
          element.name === 'certificates' && element.attributes.some((attribute) => attribute.rawValue === 'user'),
      ),
    });
  }
  return findings;
}
