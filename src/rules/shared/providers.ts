/**
 * Methods that open a content provider: a content:// URI used there is queried, inserted into or
 * watched, not only named (an Intent.ACTION_PICK on the same URI needs no permission).
 */
import type { AppModel } from '../../model/app-model.js';
import type { AppFacts } from './app-facts.js';

/** Calls that open a provider: used to raise confidence when in the same method. */
const PROVIDER_CALLS = [
  'Landroid/content/ContentResolver;->query',
  'Landroid/content/ContentResolver;->delete',
  'Landroid/content/ContentResolver;->update',
  'Landroid/content/ContentResolver;->insert',
  'Landroid/content/ContentResolver;->registerContentObserver',
  'Landroid/content/CursorLoader;-><init>',
];

/** Signatures of the methods that open a provider, and of those calling a helper that does. */
export function providerCallers(app: AppModel, facts: AppFacts): Set<string> {
  const callers = new Set<string>();
  for (const api of PROVIDER_CALLS) for (const use of facts.callSitesByName(api)) callers.add(use.caller);
  // One level up: a method that passes the URI to the app's own helper that queries it (the demo's countRows).
  const code = app.code;
  if (code) for (const helper of [...callers]) for (const use of code.callSitesOf(helper)) callers.add(use.caller);
  return callers;
}
