/**
 * V8 settings for a process that scans apps: the CLI (bin/apkwitness.js), the batch and queue
 * worker, and bench/scan.ts's in-process scan, which times the scan as those processes run it.
 * V8 reads both flags while the process runs, so they are set at run time, before the scan's
 * code is loaded, however the process was started; a forked worker gets them on its command
 * line. A program that calls scanApp in its own process chooses its own.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's interrupt budget (src/flags/flag-definitions.h: 66 KB of bytecode executed). */
const V8_DEFAULT_INTERRUPT_BUDGET = 66 * 1024;

export const SCANNING_V8_FLAGS: readonly string[] = [
  // V8 doubles the young generation's semi-spaces while a model is built, and the process's
  // peak memory keeps their pages: they stay at their first size (docs/flows.md, "Memory
  // against issue 3's bound").
  '--semi-space-growth-factor=1',
  // How much bytecode a function runs before V8 considers optimising it. A scan runs most of
  // its code briefly, once per app: with V8's default, a fresh process spent its second core
  // optimising functions that did not run long enough to repay it (docs/flows.md, "Speed and
  // memory"). Code that runs long is still optimised, a little later.
  `--interrupt-budget=${4 * V8_DEFAULT_INTERRUPT_BUDGET}`,
];

/** Sets SCANNING_V8_FLAGS in this process. */
export function tuneForScanning(): void {
  for (const flag of SCANNING_V8_FLAGS) setFlagsFromString(flag);
}
