/**
 * The scan context: what a scan hands every rule besides the APK it looks at. The scan
 * (src/scan/run.ts) makes one per scan; it holds the APKs scanned together, the facts of
 * each (AppFacts), made on first use and dropped with the context, and the scan's glosser.
 */
import type { AppModel } from '../../model/app-model.js';
import type { RuleContext } from '../types.js';
import { AppFacts } from './app-facts.js';
import { Glosser } from '../../text/annotate.js';
import { extractForms, type Form } from '../../model/forms/index.js';
import type { Resources } from '../../model/resources/index.js';

export class ScanContext implements RuleContext {
  private readonly factsByApp = new Map<AppModel, AppFacts>();
  private readonly formsByApp = new Map<AppModel, { resources: Resources | undefined; forms: readonly Form[] }>();

  /** `text`: the scan's glosser (a scan that has none, such as a rule's test, gets its own). */
  constructor(
    readonly apks: readonly AppModel[],
    readonly text: Glosser = new Glosser(),
  ) {}

  facts(app: AppModel): AppFacts {
    let facts = this.factsByApp.get(app);
    if (facts === undefined) {
      facts = new AppFacts(app);
      this.factsByApp.set(app, facts);
    }
    return facts;
  }

  /**
   * The forms rule and the flows rule (form fields as sources) read the same layouts: extracted
   * once. Kept for the last table set asked (a base with splits resolves with all of them, the
   * flows rule with its own: two extractions only then).
   */
  forms(app: AppModel, resources: Resources | undefined): readonly Form[] {
    const known = this.formsByApp.get(app);
    if (known !== undefined && known.resources === resources) return known.forms;
    const forms = extractForms(app, resources);
    this.formsByApp.set(app, { resources, forms });
    return forms;
  }
}
