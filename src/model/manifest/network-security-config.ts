/**
 * Network security config (developer.android.com/privacy-and-security/security-config):
 * which domains may use cleartext HTTP, which CAs are trusted (system, user-installed,
 * bundled raw certificates) and which keys are pinned. Its attributes are not in the
 * android namespace, and <domain> names are text nodes.
 */
import type { XmlDocument, XmlElement } from '../../formats/axml/index.js';
import { attributeBoolean, attributeText, childElements, plainAttribute } from './attributes.js';
import type { NetworkSecurityConfig, NetworkSecurityDomain } from './types.js';

/** Nested <domain-config> elements inherit from their parent (the spec allows nesting). */
const MAX_DOMAIN_CONFIG_DEPTH = 16;

function text(element: XmlElement): string {
  return element.children
    .flatMap((child) => (child.kind === 'text' ? [child.text] : []))
    .join('')
    .trim();
}

function trustAnchors(element: XmlElement | undefined, resolveName: (reference: string) => string): string[] {
  if (!element) return [];
  return childElements(element)
    .filter((child) => child.name === 'certificates')
    .map((child) => {
      const source = attributeText(plainAttribute(child, 'src')) ?? '';
      const overridePins = attributeBoolean(plainAttribute(child, 'overridePins')) ? ' (overrides pins)' : '';
      return `${resolveName(source)}${overridePins}`;
    });
}

function readDomainConfig(
  element: XmlElement,
  inherited: boolean | undefined,
  resolveName: (reference: string) => string,
  out: NetworkSecurityDomain[],
  depth: number,
): void {
  if (depth > MAX_DOMAIN_CONFIG_DEPTH) return;
  const cleartext = attributeBoolean(plainAttribute(element, 'cleartextTrafficPermitted')) ?? inherited;
  const children = childElements(element);
  const domains = children.filter((child) => child.name === 'domain');
  const pins = children
    .filter((child) => child.name === 'pin-set')
    .flatMap((pinSet) => childElements(pinSet).filter((pin) => pin.name === 'pin'))
    .map((pin) => `${attributeText(plainAttribute(pin, 'digest')) ?? 'SHA-256'}/${text(pin)}`);
  out.push({
    domains: domains.map(text),
    includeSubdomains: domains.some((domain) => attributeBoolean(plainAttribute(domain, 'includeSubdomains')) === true),
    cleartextTrafficPermitted: cleartext,
    trustAnchors: trustAnchors(
      children.find((child) => child.name === 'trust-anchors'),
      resolveName,
    ),
    pins,
  });
  for (const nested of children.filter((child) => child.name === 'domain-config')) {
    readDomainConfig(nested, cleartext, resolveName, out, depth + 1);
  }
}

export function readNetworkSecurityConfig(
  document: XmlDocument,
  path: string,
  resolveName: (reference: string) => string,
): NetworkSecurityConfig {
  const root = document.root;
  const children = root ? childElements(root) : [];
  const base = children.find((child) => child.name === 'base-config');
  const debug = children.find((child) => child.name === 'debug-overrides');
  const domains: NetworkSecurityDomain[] = [];
  for (const element of children.filter((child) => child.name === 'domain-config')) {
    readDomainConfig(element, undefined, resolveName, domains, 0);
  }
  return {
    path,
    baseCleartextTrafficPermitted: base
      ? attributeBoolean(plainAttribute(base, 'cleartextTrafficPermitted'))
      : undefined,
    baseTrustAnchors: trustAnchors(
      base && childElements(base).find((child) => child.name === 'trust-anchors'),
      resolveName,
    ),
    debugTrustAnchors: trustAnchors(
      debug && childElements(debug).find((child) => child.name === 'trust-anchors'),
      resolveName,
    ),
    domains,
  };
}
