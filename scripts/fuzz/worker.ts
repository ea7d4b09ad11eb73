/**
 * Fuzz worker: runs cases sent by the parent, announcing each before it starts so the
 * parent can name the input that hung or exhausted memory.
 */
import { parentPort } from 'node:worker_threads';
import { FormatError } from '../../src/formats/diagnostics.js';
import { mutate } from './mutate.js';
import { FUZZ_TARGETS, type FuzzTargetName } from './targets.js';

export interface FuzzCase {
  readonly id: number;
  readonly target: FuzzTargetName;
  readonly seedIndex: number;
  readonly mutationSeed: number;
}

let seeds: Uint8Array[] = [];

parentPort?.on('message', (message: { seeds?: Uint8Array[]; cases?: FuzzCase[] }) => {
  if (message.seeds) seeds = message.seeds;
  for (const fuzzCase of message.cases ?? []) {
    parentPort?.postMessage({ kind: 'start', id: fuzzCase.id });
    const input = mutate(seeds[fuzzCase.seedIndex] ?? new Uint8Array(0), fuzzCase.mutationSeed);
    try {
      FUZZ_TARGETS[fuzzCase.target](input);
      parentPort?.postMessage({ kind: 'done', id: fuzzCase.id, outcome: 'value' });
    } catch (error) {
      if (error instanceof FormatError) {
        parentPort?.postMessage({ kind: 'done', id: fuzzCase.id, outcome: 'format-error' });
      } else {
        const failure = error as Error;
        parentPort?.postMessage({
          kind: 'done',
          id: fuzzCase.id,
          outcome: 'crash',
          message: `${failure.name}: ${failure.message}`,
          stack: failure.stack,
        });
      }
    }
  }
  // A seeds-only message is not a batch: answering it would make the parent send a second one.
  if (message.cases) parentPort?.postMessage({ kind: 'batch-done' });
});
