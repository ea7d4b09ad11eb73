/**
 * The viewer's HTTP layer on Node's own `http` module: every request is checked (Host
 * header, method, URL size) before any route sees it, and every response, errors
 * included, carries the security headers of ./security.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALLOWED_METHODS, isAllowedHostHeader, SECURITY_HEADERS } from './security.js';
import { escapeHtml } from '../report/html/escape.js';

/** What a route answers. The body is text (HTML, JSON, CSS, JS) in UTF-8. */
export interface ViewerResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ViewerRequest {
  readonly path: string;
  readonly query: URLSearchParams;
}

/** Answers one request (asynchronously: a PostgreSQL library answers over the network). */
export type RequestHandler = (request: ViewerRequest) => Promise<ViewerResponse>;

/** Longer request targets are refused (414): nothing in the viewer needs more. */
const MAXIMUM_URL_LENGTH = 8192;

export const HTML_TYPE = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

function textResponse(status: number, message: string): ViewerResponse {
  return { status, contentType: TEXT_TYPE, body: `${message}\n` };
}

export function jsonResponse(value: unknown, status = 200): ViewerResponse {
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(value)}\n` };
}

/** A short HTML error page; the message is escaped (it may quote the request). */
export function errorPage(status: number, message: string): ViewerResponse {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status}</title><link rel="stylesheet" href="/assets/viewer.css"></head><body><main><h1>${status}</h1><p>${escapeHtml(message)}</p><p><a href="/">All apps</a></p></main></body></html>\n`;
  return { status, contentType: HTML_TYPE, body };
}

function send(response: ServerResponse, method: string, answer: ViewerResponse): void {
  const body = Buffer.from(answer.body, 'utf8');
  response.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    ...answer.headers,
    'Content-Type': answer.contentType,
    'Content-Length': String(body.length),
  });
  response.end(method === 'HEAD' ? undefined : body);
}

/** Screens one request and hands it to the handler; never throws, never rejects. */
function serveRequest(
  request: IncomingMessage,
  response: ServerResponse,
  handler: RequestHandler,
  boundHost: string,
  logError: (error: unknown) => void,
): void {
  const method = request.method ?? '';
  const sendAnswer = (answer: ViewerResponse) => send(response, method, answer);
  // DNS rebinding: a page from another origin whose name now resolves to us still sends its own Host.
  if (!isAllowedHostHeader(request.headers.host, boundHost)) {
    sendAnswer(textResponse(403, 'Forbidden: this viewer only answers requests addressed to a loopback host name.'));
    return;
  }
  if (!ALLOWED_METHODS.includes(method)) {
    sendAnswer({
      ...textResponse(405, 'Method not allowed: the viewer is read-only (GET and HEAD).'),
      headers: { Allow: ALLOWED_METHODS.join(', ') },
    });
    return;
  }
  const target = request.url ?? '/';
  if (target.length > MAXIMUM_URL_LENGTH) {
    sendAnswer(textResponse(414, 'URI too long.'));
    return;
  }
  // Only origin-form targets (RFC 9112 §3.2.1); absolute-form would let a proxy-style request name another host.
  if (!target.startsWith('/')) {
    sendAnswer(textResponse(400, 'Bad request target.'));
    return;
  }
  let url: URL;
  try {
    url = new URL(target, 'http://viewer.localhost');
  } catch {
    sendAnswer(textResponse(400, 'Bad request target.'));
    return;
  }
  const failed = (error: unknown): void => {
    logError(error);
    sendAnswer(errorPage(500, 'The viewer failed to answer this request; the error is on the terminal that runs it.'));
  };
  try {
    handler({ path: url.pathname, query: url.searchParams }).then(sendAnswer, failed);
  } catch (error) {
    failed(error);
  }
}

export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** URL for a host and port, with IPv6 literals in brackets. */
function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** Starts listening on host:port (port 0: any free port). */
export function listen(
  handler: RequestHandler,
  host: string,
  port: number,
  logError: (error: unknown) => void,
): Promise<RunningServer> {
  // requireHostHeader off: a request without Host gets our 403 with the security headers, not Node's bare 400.
  const server = createServer({ requireHostHeader: false }, (request, response) =>
    serveRequest(request, response, handler, host, logError),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actualPort = (server.address() as AddressInfo).port;
      resolve({
        server,
        url: urlOf(host, actualPort),
        port: actualPort,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
