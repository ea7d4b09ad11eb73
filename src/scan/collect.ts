/**
 * A full garbage collection between a scan's two stages, for the processes that scan (the CLI,
 * the batch and queue worker). Building a model leaves its parse behind as garbage (inflated
 * entries, ZIP and signature records, dex reads): collected before the rules run, its memory
 * is reused by them instead of the heap growing past it. A library caller of scanApp decides
 * for its own process.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AppModel } from '../model/app-model.js';

export type Collector = () => void;

/**
 * Apps whose APKs hold fewer bytes are not collected: a full collection costs about as much as
 * scanning a small app, whose parse leaves little garbage and whose peak is far inside issue 3's
 * memory bound (docs/flows.md, "Memory against issue 3's bound").
 */
export const COLLECT_FROM_APK_BYTES = 4 * 1024 * 1024;

/**
 * V8's full collection. `--expose-gc` set at run time applies to contexts made afterwards, so
 * the collector is taken from a new context; the process's own global scope stays as it was.
 */
export function fullCollector(): Collector {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Collector;
}

/** The collections of one scanning process: its collector is made on the first one it needs. */
export class ModelCollector {
  private collect: Collector | undefined;

  /** Collects once an app's models are built, when its APKs hold COLLECT_FROM_APK_BYTES or more; whether it did. */
  afterBuild(models: readonly AppModel[]): boolean {
    const bytes = models.reduce((sum, model) => sum + model.apk.size, 0);
    if (bytes < COLLECT_FROM_APK_BYTES) return false;
    this.collect ??= fullCollector();
    this.collect();
    return true;
  }
}
