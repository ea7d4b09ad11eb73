/**
 * A raw HTTP client for the viewer tests: sets any Host header and method (fetch
 * forbids changing Host, which is exactly what the DNS-rebinding tests need).
 */
import { request as httpRequest } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function get(
  port: number,
  path: string,
  options: { host?: string; method?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        agent: false,
        // An empty host means no Host header at all (HTTP/1.1 requires one: RFC 9112 §3.2).
        ...(options.host === '' ? { setHost: false } : { headers: { Host: options.host ?? `127.0.0.1:${port}` } }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}
