/**
 * What keeps the local viewer local: the response headers every answer carries, the
 * loopback test for the address we bind to, and the Host-header check against DNS
 * rebinding (a page on evil.example re-resolves its name to 127.0.0.1 and reads our
 * answers as same-origin; its requests still say `Host: evil.example`).
 */
import { isIP } from 'node:net';

/**
 * Nothing from outside the viewer can load: no inline script (the scripts are served as
 * same-origin files), no frames, no form posting elsewhere, no base rewriting.
 * Inline style is allowed because the HTML report's CSS comes as a <style> block; style
 * cannot run code. `data:` images only for icons the report may embed.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Sent with every response, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Older browsers that ignore frame-ancestors.
  'X-Frame-Options': 'DENY',
  // Another site's window keeps no handle on ours, and our responses are not embeddable cross-origin.
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Case files are sensitive: nothing goes to a disk cache.
  'Cache-Control': 'no-store',
};

export const ALLOWED_METHODS: readonly string[] = ['GET', 'HEAD'];

/** `localhost`, `*.localhost` (RFC 6761 §6.3: always loopback), 127.0.0.0/8, ::1, and ::ffff:127.x. */
export function isLoopbackHostName(name: string): boolean {
  const host = name
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.split('.')[0] === '127';
  if (isIP(host) === 6) {
    if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    return mapped !== null && isLoopbackHostName(mapped[1] as string);
  }
  return false;
}

/**
 * The host name of a Host header value (`127.0.0.1:8080`, `[::1]:80`, `localhost`),
 * or undefined when it is malformed (RFC 9110 §7.2: uri-host [ ":" port ]).
 */
export function hostNameOfHeader(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(header);
  if (bracketed) return bracketed[1];
  const plain = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(header);
  return plain ? plain[1] : undefined;
}

/**
 * Whether a request's Host header names this server: a loopback name; or, when the user
 * chose to serve on another address with --allow-remote, that address or any IP
 * literal (a wildcard bind such as 0.0.0.0 is reached by the machine's own addresses).
 * DNS rebinding needs a host *name* that the attacker controls, so an IP literal in
 * Host is never a rebinding; other names stay refused.
 */
export function isAllowedHostHeader(header: string | undefined, boundHost: string): boolean {
  const name = hostNameOfHeader(header);
  if (name === undefined) return false;
  if (isLoopbackHostName(name)) return true;
  if (isLoopbackHostName(boundHost)) return false;
  return isIP(name) !== 0 || name.toLowerCase() === boundHost.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}
