/**
 * The scan context: what a scan hands every rule besides the APK it looks at. The scan
 * (src/scan/run.ts) makes one per scan; it holds the APKs scanned together and the facts of
 * each (AppFacts), made on first use and dropped with the context.
 */
import type { AppModel } from '../../model/app-model.js';
import type { RuleContext } from '../types.js';
import { AppFacts } from './app-facts.js';

export class ScanContext implements RuleContext {
  private readonly factsByApp = new Map<AppModel, AppFacts>();

  constructor(readonly apks: readonly AppModel[]) {}

  facts(app: AppModel): AppFacts {
    let facts = this.factsByApp.get(app);
    if (facts === undefined) {
      facts = new AppFacts(app);
      this.factsByApp.set(app, facts);
    }
    return facts;
  }
}
