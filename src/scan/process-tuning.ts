/**
 * V8 settings for processes that scan apps. V8 reads these flags while the process runs, so
 * they are set at run time, before the scan's code is loaded, however the process was
 * started; a forked worker gets them on its command line. A program that calls scanApp in its
 * own process chooses its own.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's interrupt budget (src/flags/flag-definitions.h: 66 KB of bytecode executed). */
const V8_DEFAULT_INTERRUPT_BUDGET = 66 * 1024;

/**
 * Every scanning process: the CLI, the batch and queue worker, and bench/scan.ts's in-process
 * pass, which times the scan as a worker runs it.
 */
export const WORKER_V8_FLAGS: readonly string[] = [
  // How much bytecode a function runs before V8 considers optimising it. A scan runs most of
  // its code briefly, once per app: with V8's default, a process spent its second core
  // optimising functions that did not run long enough to repay it (docs/flows.md, "Speed and
  // memory"). Code that runs long is still optimised, a little later.
  `--interrupt-budget=${4 * V8_DEFAULT_INTERRUPT_BUDGET}`,
];

/**
 * The CLI, whose `scan` reads one app and exits. V8 doubles the young generation's
 * semi-spaces while a model is built, and the process's peak memory keeps their pages: they
 * stay at their first size (docs/flows.md, "Memory against issue 3's bound"). Not for a
 * process that scans app after app: there the small young generation cost CPU.
 */
export const CLI_V8_FLAGS: readonly string[] = [...WORKER_V8_FLAGS, '--semi-space-growth-factor=1'];

/** Sets `flags` in this process. */
export function tuneForScanning(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
}
