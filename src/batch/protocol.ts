/**
 * Messages between the batch parent and its scan workers (child processes, IPC).
 * The parent is the library's only writer; workers only scan and answer.
 */
import type { PreparedScan } from '../store/index.js';

export interface ScanTask {
  readonly id: number;
  readonly path: string;
}

export type WorkerAnswer =
  // The scan as ready-to-insert rows (src/store/prepare.ts): the parent only runs INSERTs.
  | { readonly id: number; readonly ok: true; readonly prepared: PreparedScan; readonly milliseconds: number }
  | { readonly id: number; readonly ok: false; readonly kind: 'format' | 'crash'; readonly message: string };

/**
 * Test-only fault injection: `crash=<file name>,hang=<file name>,oom=<file name>` makes the
 * worker crash (SIGSEGV), spin forever or exhaust its heap when given a file of that name,
 * so tests can show that each becomes an error entry and the batch goes on.
 */
export const TEST_FAULT_VARIABLE = 'APKWITNESS_TEST_WORKER_FAULT';
export type TestFault = 'crash' | 'hang' | 'oom';

export function parseTestFaults(value: string | undefined): Map<string, TestFault> {
  const faults = new Map<string, TestFault>();
  for (const part of (value ?? '').split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const fault = part.slice(0, separator).trim();
    if (fault === 'crash' || fault === 'hang' || fault === 'oom') faults.set(part.slice(separator + 1).trim(), fault);
  }
  return faults;
}
