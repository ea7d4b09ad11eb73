/**
 * URL templates: destinations whose host is filled in at run time. `String.format("http://%s/", ip)`
 * (java.util.Formatter conversions: %s, %d, %1$s), `{host}` and `${host}` placeholders, and the bare
 * `http://` prefix a method appends a host to. The unknown part is marked so a reader sees what the
 * app decides when it runs: the scheme (cleartext or not) is known, the host is not.
 */
import { SCHEMES } from './addresses.js';

export interface UrlTemplate {
  /** The string as the app has it. */
  readonly template: string;
  readonly scheme: string;
  readonly encrypted: boolean;
  readonly protocol: string;
  /** What is unknown: `host chosen at run time`, `host (appended at run time)`. */
  readonly unknown: string;
  /** The template with the run-time parts between « and ». */
  readonly marked: string;
  /** The host when only the port is a placeholder (`http://10.0.0.2:%d/`). */
  readonly knownHost?: string;
}

/** Longest string read as a template (a longer one is data). */
const MAX_TEMPLATE_STRING = 1024;
const TEMPLATE_PATTERN = /\b([a-z][a-z0-9+]*):\/\/([^\s"'<>\\`|^\u0000-\u001f\u007f-\u009f]*)/gi;
/** java.util.Formatter conversions (%s, %d, %1$s, %x), `{name}`, `${name}`, `{0}`. */
const PLACEHOLDER = /%(?:\d+\$)?[-#+ 0,(]*\d*(?:\.\d+)?[sdxX]|\$?\{[A-Za-z0-9_.]{0,40}\}/g;
const BARE_PREFIX = /^([a-z][a-z0-9+]*):\/\/$/i;

/** Every URL template in `text`. */
export function urlTemplatesIn(text: string): UrlTemplate[] {
  if (text.length > MAX_TEMPLATE_STRING || !text.includes('://')) return [];
  const bare = BARE_PREFIX.exec(text);
  if (bare) {
    const scheme = (bare[1] ?? '').toLowerCase();
    const info = SCHEMES.get(scheme);
    if (!info) return [];
    return [
      {
        template: text,
        scheme,
        encrypted: info.encrypted,
        protocol: info.protocol,
        unknown: 'host (appended at run time)',
        marked: `${text}«host»`,
      },
    ];
  }
  const out: UrlTemplate[] = [];
  for (const match of text.matchAll(TEMPLATE_PATTERN)) {
    const scheme = (match[1] ?? '').toLowerCase();
    const info = SCHEMES.get(scheme);
    if (!info) continue;
    const rest = match[2] ?? '';
    const authority = (/^[^/?#]*/.exec(rest)?.[0] ?? '').replace(/^.*@/, '');
    const placeholders = authority.match(PLACEHOLDER);
    if (!placeholders) continue;
    // Only the port a placeholder: the host is known (`http://10.0.0.2:%d/`).
    const colon = authority.lastIndexOf(':');
    const hostPart = colon >= 0 ? authority.slice(0, colon) : authority;
    const hostKnown = hostPart !== '' && !new RegExp(PLACEHOLDER.source).test(hostPart);
    const url = match[0];
    out.push({
      template: url,
      scheme,
      encrypted: info.encrypted,
      protocol: info.protocol,
      unknown: hostKnown ? 'port chosen at run time' : 'host chosen at run time',
      marked: url.replace(
        authority,
        authority.replace(PLACEHOLDER, (placeholder) => `«${placeholder}»`),
      ),
      ...(hostKnown ? { knownHost: hostPart.toLowerCase() } : {}),
    });
  }
  return out;
}
