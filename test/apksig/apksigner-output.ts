/**
 * Runs `apksigner verify -v --print-certs` (Debian apksigner 31.0.2) with limited
 * concurrency and parses what it prints.
 */
import { execFile } from 'node:child_process';
import { referenceTool } from '../support/corpus.js';

export type SchemeFlag = 'v1' | 'v2' | 'v3';

export interface ApksignerResult {
  readonly status: 'verifies' | 'fails' | 'exception';
  readonly verifiedSchemes: ReadonlySet<SchemeFlag>;
  /** Certificate SHA-256 of each signer apksigner prints (the newest verified scheme's signers). */
  readonly signerSha256: readonly string[];
  /** Subject DN apksigner prints for each signer certificate, by SHA-256 (Java X500Principal form). */
  readonly signerDn: ReadonlyMap<string, string>;
  /** SHA-256 of each signer's SubjectPublicKeyInfo, by certificate SHA-256. */
  readonly signerKeySha256: ReadonlyMap<string, string>;
  readonly errors: readonly string[];
  readonly minSdk24: boolean;
}

function parseApksigner(output: string, minSdk24: boolean): ApksignerResult {
  const status = /^Verifies$/m.test(output) ? 'verifies' : /^DOES NOT VERIFY$/m.test(output) ? 'fails' : 'exception';
  const verifiedSchemes = new Set<SchemeFlag>();
  for (const match of output.matchAll(/^Verified using (v[123]) scheme .*: true$/gm))
    verifiedSchemes.add(match[1] as SchemeFlag);
  const signerSha256 = [...output.matchAll(/^Signer #\d+ certificate SHA-256 digest: ([0-9a-f]{64})$/gm)].map(
    (match) => match[1] ?? '',
  );
  const signerDn = new Map<string, string>();
  const signerKeySha256 = new Map<string, string>();
  for (const match of output.matchAll(/^Signer #(\d+) certificate DN: (.*)$/gm)) {
    const sha256 = new RegExp(`^Signer #${match[1]} certificate SHA-256 digest: ([0-9a-f]{64})$`, 'm').exec(
      output,
    )?.[1];
    const key = new RegExp(`^Signer #${match[1]} public key SHA-256 digest: ([0-9a-f]{64})$`, 'm').exec(output)?.[1];
    if (sha256 !== undefined) signerDn.set(sha256, match[2] ?? '');
    if (sha256 !== undefined && key !== undefined) signerKeySha256.set(sha256, key);
  }
  const errors = [...output.matchAll(/^(ERROR: .*|Exception in thread .*)$/gm)].map((match) => match[1] ?? '');
  return { status, verifiedSchemes, signerSha256, signerDn, signerKeySha256, errors, minSdk24 };
}

export function runApksigner(path: string, minSdk24: boolean): Promise<ApksignerResult> {
  const tool = referenceTool('apksigner');
  const args = ['verify', '-v', '--print-certs', ...(minSdk24 ? ['--min-sdk-version', '24'] : []), path];
  return new Promise((resolve) => {
    execFile(tool, args, { maxBuffer: 64 << 20, timeout: 120_000 }, (_error, stdout, stderr) => {
      resolve(parseApksigner(`${stdout}\n${stderr}`, minSdk24));
    });
  });
}

/** Maps `work` over `items` with at most `limit` promises in flight, keeping order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
