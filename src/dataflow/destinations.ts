/**
 * Where a sink sends data, from what constants tell of its URL, number or path: a URL
 * template such as `http://%s/upload` names its scheme and path and says the host is given
 * at run time.
 */
import type { SinkKind } from './data-sinks.js';
import { renderStr, type Str } from './domain/values.js';

export interface Destination {
  /** One line for the claim: `http://survey.example.org/api/v1/upload`, `host given at run time (http://{…}/upload)`. */
  readonly summary: string;
  readonly scheme?: string;
  /** The host, or `(given at run time)`. */
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
}

const RUN_TIME_HOST = '(given at run time)';
const URL_PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/;

export function describeDestination(kind: SinkKind, template: Str): Destination | undefined {
  const text = renderStr(template);
  if (text === '{…}' || text === '') return undefined;
  if (kind !== 'network') return { summary: text };
  // The scheme and host must come from constants: an unknown part there means "given at run time".
  const known = typeof template[0] === 'string' ? template[0] : '';
  const match = URL_PATTERN.exec(known);
  if (match === null) {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(known)?.[1];
    return scheme === undefined
      ? { summary: `${text} (host given at run time)` }
      : { summary: `${scheme}://, host given at run time (${text})`, scheme, host: RUN_TIME_HOST };
  }
  const [, scheme, authority = '', path = ''] = match;
  const hostComplete = template.length === 1 || known.length > (scheme?.length ?? 0) + 3 + authority.length;
  if (!hostComplete)
    return {
      summary: `${scheme}://, host given at run time (${text})`,
      ...(scheme === undefined ? {} : { scheme }),
      host: RUN_TIME_HOST,
    };
  const portMatch = /:(\d+)$/.exec(authority);
  const host = portMatch === null ? authority : authority.slice(0, portMatch.index);
  return {
    summary: text,
    ...(scheme === undefined ? {} : { scheme }),
    host,
    ...(portMatch === null ? {} : { port: Number(portMatch[1]) }),
    ...(path === '' ? {} : { path }),
  };
}
