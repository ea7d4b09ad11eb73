/**
 * Recognising network destinations in strings: URLs with their scheme, host and
 * port; IPv4/IPv6 literals classified private or public (RFC 1918, RFC 6598,
 * RFC 3927, RFC 4193, RFC 4291); XML/Java namespace URIs that are names, not places.
 */

/** Schemes that name a network destination, and whether the channel is encrypted. */
export const SCHEMES: ReadonlyMap<string, { readonly encrypted: boolean; readonly protocol: string }> = new Map([
  ['http', { encrypted: false, protocol: 'HTTP' }],
  ['https', { encrypted: true, protocol: 'HTTPS' }],
  ['ws', { encrypted: false, protocol: 'WebSocket' }],
  ['wss', { encrypted: true, protocol: 'WebSocket over TLS' }],
  ['mqtt', { encrypted: false, protocol: 'MQTT' }],
  ['mqtts', { encrypted: true, protocol: 'MQTT over TLS' }],
  ['tcp', { encrypted: false, protocol: 'raw TCP' }],
  ['udp', { encrypted: false, protocol: 'raw UDP' }],
  ['ssl', { encrypted: true, protocol: 'TLS socket' }],
  ['tls', { encrypted: true, protocol: 'TLS socket' }],
  ['xmpp', { encrypted: false, protocol: 'XMPP' }],
  ['ftp', { encrypted: false, protocol: 'FTP' }],
  ['rtmp', { encrypted: false, protocol: 'RTMP' }],
  ['rtsp', { encrypted: false, protocol: 'RTSP' }],
  ['socks5', { encrypted: false, protocol: 'SOCKS proxy' }],
]);

/** Hosts of schema/namespace URIs (XML namespaces, DTDs, Java APIs): identifiers, never contacted. */
const NAMESPACE_HOSTS: ReadonlySet<string> = new Set([
  'schemas.android.com',
  'www.w3.org',
  'w3.org',
  'xml.org',
  'www.xml.org',
  'java.sun.com',
  'xmlpull.org',
  'www.xmlpull.org',
  'apache.org',
  'xml.apache.org',
  'ns.adobe.com',
  'schemas.xmlsoap.org',
  'schemas.microsoft.com',
  'purl.org',
  'xmlns.com',
  'www.apple.com',
  'javax.xml.xmlconstants',
  'jabber.org',
  'etherx.jabber.org',
  'www.jabber.org',
  'ns.google.com',
  'schemas.openxmlformats.org',
]);

/** Scheme, then the rest up to whitespace, quotes, brackets or any control character (ANSI sequences end a URL). */
const URL_PATTERN = /\b([a-z][a-z0-9+]*):\/\/([^\s"'<>\\`{}|^\u0000-\u001f\u007f-\u009f]+)/gi;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAX_PORT = 65535;
/** Strings longer than this are data blobs, not addresses a developer wrote. */
const MAX_SCANNED_STRING = 4096;
/** URLs taken from one string. */
const MAX_URLS_PER_STRING = 20;

export interface Destination {
  readonly url: string;
  readonly scheme: string;
  readonly host: string;
  readonly port?: number;
  readonly encrypted: boolean;
  readonly protocol: string;
  /** 'private' for loopback/LAN/link-local/CGNAT addresses and localhost, 'public' otherwise. */
  readonly reach: 'private' | 'public';
  readonly ipLiteral: boolean;
}

export function ipv4Reach(host: string): 'private' | 'public' | undefined {
  const match = IPV4.exec(host);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  const [a = 0, b = 0] = octets;
  const isPrivate =
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127);
  return isPrivate ? 'private' : 'public';
}

function ipv6Reach(host: string): 'private' | 'public' | undefined {
  if (!host.includes(':') || !/^[0-9a-f:.]+$/i.test(host)) return undefined;
  const lower = host.toLowerCase();
  return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) ? 'private' : 'public';
}

/** True for an IPv4 or IPv6 literal (a URL's host in brackets is given without them). */
export function isIpLiteral(host: string): boolean {
  return (ipv4Reach(host) ?? ipv6Reach(host)) !== undefined;
}

function reachOf(host: string): { reach: 'private' | 'public'; ipLiteral: boolean } {
  const literal = ipv4Reach(host) ?? ipv6Reach(host);
  if (literal) return { reach: literal, ipLiteral: true };
  const lower = host.toLowerCase();
  return {
    reach: lower === 'localhost' || lower.endsWith('.local') || lower.endsWith('.lan') ? 'private' : 'public',
    ipLiteral: false,
  };
}

/** Every destination URL in `text` (namespace URIs and host-less prefixes such as `http://` skipped). */
export function destinationsIn(text: string): Destination[] {
  if (text.length > MAX_SCANNED_STRING || !text.includes('://')) return [];
  const out: Destination[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    if (out.length >= MAX_URLS_PER_STRING) break;
    const scheme = (match[1] ?? '').toLowerCase();
    const info = SCHEMES.get(scheme);
    if (!info) continue;
    const rest = match[2] ?? '';
    const authority = (rest.split(/[/?#]/)[0] ?? '').replace(/^.*@/, '');
    let host: string;
    let portText: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
    if (bracketed) {
      host = bracketed[1] ?? '';
      portText = bracketed[2];
    } else {
      const colon = authority.lastIndexOf(':');
      host = colon >= 0 ? authority.slice(0, colon) : authority;
      portText = colon >= 0 ? authority.slice(colon + 1) : undefined;
    }
    host = host.replace(/\.$/, '');
    // A format template (`http://%s/`), a bare prefix (`http://`) or a namespace is not a destination.
    if (
      host === '' ||
      !/^[a-z0-9.\-[\]:_]+$/i.test(host) ||
      !/[a-z0-9]/i.test(host) ||
      NAMESPACE_HOSTS.has(host.toLowerCase())
    )
      continue;
    const port =
      portText !== undefined && /^\d{1,5}$/.test(portText) && Number(portText) <= MAX_PORT
        ? Number(portText)
        : undefined;
    out.push({
      url: match[0],
      scheme,
      host: host.toLowerCase(),
      port,
      encrypted: info.encrypted,
      protocol: info.protocol,
      ...reachOf(host),
    });
  }
  return out;
}

/** A string that is only an IP address (optionally with a port): `10.0.0.2`, `8.8.8.8:53`. */
export function bareAddress(text: string): { host: string; port?: number; reach: 'private' | 'public' } | undefined {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(text);
  if (!match) return undefined;
  const host = match[1] ?? '';
  const reach = ipv4Reach(host);
  if (!reach) return undefined;
  // Version strings look like addresses ("1.0.0.1"): require a non-zero first octet and skip 0.x.
  if (host.startsWith('0.')) return undefined;
  const port = match[2] !== undefined && Number(match[2]) <= MAX_PORT ? Number(match[2]) : undefined;
  return { host, port, reach };
}
