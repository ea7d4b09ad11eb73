/**
 * A scan worker (a child process forked by the batch pool): scans the files the parent
 * sends, one at a time, and answers with the scan as ready-to-insert rows
 * (the report, its JSON and its searchable strings: src/store/prepare.ts). A crash,
 * hang or heap exhaustion here kills only this process; the parent records the file
 * as an error and starts a new worker.
 */
import { basename } from 'node:path';
import { buildAppModels } from '../model/app-model-build.js';
import { scanModels } from '../scan/scan.js';
import { Dictionaries } from '../text/dictionaries.js';
import { ModelCollector } from '../scan/collect.js';
import { whyNotAnApp } from '../model/not-an-app.js';
import { FormatError } from '../formats/diagnostics.js';
import { appStrings } from './app-strings.js';
import { prepareScan } from '../store/prepare.js';
import { parseTestFaults, TEST_FAULT_VARIABLE, type ScanTask, type TestFault, type WorkerAnswer } from './protocol.js';

const faults = parseTestFaults(process.env[TEST_FAULT_VARIABLE]);
/** Elements per array allocated when a test asks for heap exhaustion (8 MB of doubles each: the limit comes in a second, not after minutes of GC). */
const OOM_STEP = 1 << 20;

function injectFault(fault: TestFault): void {
  if (fault === 'crash') process.kill(process.pid, 'SIGSEGV');
  if (fault === 'hang')
    for (;;) {
      /* spin: only the parent's timeout ends this */
    }
  if (fault === 'oom') {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array<number>(OOM_STEP).fill(Math.PI));
  }
}

function scan(task: ScanTask, dictionaries: Dictionaries, collector: ModelCollector): WorkerAnswer {
  const fault = faults.get(basename(task.path));
  if (fault !== undefined) injectFault(fault);
  const started = performance.now();
  try {
    const { models, diagnostics } = buildAppModels(task.path);
    if (models.length === 0) return { id: task.id, ok: false, kind: 'format', message: 'no APK found' };
    // As `scan`: an archive without a manifest is not an app (it was recorded as "(no package)").
    const notAnApp = whyNotAnApp(
      models.map((model) => ({ hasManifest: model.manifest !== undefined, diagnostics: model.diagnostics })),
    );
    if (notAnApp !== undefined) return { id: task.id, ok: false, kind: 'format', message: notAnApp };
    // The model's parse is garbage now: collected here, the rules reuse its memory (src/scan/collect.ts).
    collector.afterBuild(models);
    const { report } = scanModels(task.path, models, { bundleDiagnostics: diagnostics, dictionaries });
    // Serialising, string extraction and bigrams happen here, in parallel, not in the single writer.
    const prepared = prepareScan(report, appStrings(models));
    return { id: task.id, ok: true, prepared, milliseconds: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A FormatError is an unreadable input; anything else is a bug in apkwitness, reported as a crash.
    return {
      id: task.id,
      ok: false,
      kind: error instanceof FormatError ? 'format' : 'crash',
      message:
        error instanceof FormatError
          ? message
          : `${message} (${(error as Error).stack?.split('\n')[1]?.trim() ?? 'no stack'})`,
    };
  }
}

// This process's dictionaries, read on the first gloss and shared by every scan it runs
// (reading CC-CEDICT per scan would add ~0.1 s to each app with Chinese strings).
const dictionaries = new Dictionaries();
const collector = new ModelCollector();
process.on('message', (task: ScanTask) => {
  process.send?.(scan(task, dictionaries, collector));
});
// The parent went away (finished, or was killed): nothing left to answer.
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
