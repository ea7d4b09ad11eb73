/**
 * content-uri: content:// URIs of personal-data providers that the code loads as
 * string constants, and reads of the framework constants that hold them.
 */
import type { AppModel } from '../../model/app-model.js';
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import type { AppFacts } from '../shared/app-facts.js';
import { codeEvidenceList, javaClassName, splitMember } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import { matchContentUri, sourcesOfKind } from '../../dataflow/data-sources.js';

const ID = 'content-uri';
/** Calls that open a provider: used to raise confidence when in the same method. */
const PROVIDER_CALLS = [
  'Landroid/content/ContentResolver;->query',
  'Landroid/content/ContentResolver;->delete',
  'Landroid/content/ContentResolver;->update',
  'Landroid/content/ContentResolver;->insert',
  'Landroid/content/ContentResolver;->registerContentObserver',
  'Landroid/content/CursorLoader;-><init>',
];

const OPENED = ' (opened with ContentResolver in the same method or a helper it calls)';

const CODES = defineCodes({
  string: {
    topic: 'collection',
    summary: 'code loads the content:// URI of a personal-data provider as a string constant',
    args: {
      uri: arg.text,
      /** What the provider holds: `contacts`, `SMS messages`… */
      what: arg.string,
      uses: arg.integer,
      openedInSameMethod: arg.boolean,
      reference: arg.string,
    },
    message: (args) => `Reads ${args.what} through the content URI ${args.uri}${args.openedInSameMethod ? OPENED : ''}`,
    views: { identity: ['uri'], headline: ['uri', 'reference'] },
  },
  field: {
    topic: 'collection',
    summary: 'code reads a framework CONTENT_URI field of a personal-data provider',
    args: {
      /** The field, Java spelling: `android.provider.ContactsContract.Contacts.CONTENT_URI`. */
      field: arg.string,
      what: arg.string,
      uses: arg.integer,
      openedInSameMethod: arg.boolean,
      reference: arg.string,
    },
    message: (args) => `Reads ${args.what} through ${args.field}${args.openedInSameMethod ? OPENED : ''}`,
    views: { identity: ['field'], headline: ['reference'] },
  },
});
const emit = emitter(ID, CODES);

const URI_PREFIXES = sourcesOfKind('content-uri');
const URI_FIELDS = sourcesOfKind('content-uri-field');

function providerCallers(app: AppModel, facts: AppFacts): Set<string> {
  const callers = new Set<string>();
  for (const api of PROVIDER_CALLS) for (const use of facts.callSitesByName(api)) callers.add(use.caller);
  // One level up: a method that passes the URI to the app's own helper that queries it (the demo's countRows).
  const code = app.code;
  if (code) for (const helper of [...callers]) for (const use of code.callSitesOf(helper)) callers.add(use.caller);
  return callers;
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'content:// URIs of contacts, SMS, call log, calendar and media providers used in code (string constants and framework CONTENT_URI fields)',
    categories: [
      ...new Set([...URI_PREFIXES.map((entry) => entry.category), ...URI_FIELDS.map((entry) => entry.category)]),
    ],
    references: ['https://developer.android.com/guide/topics/providers/content-provider-basics'],
    codes: CODES,
  },
  run(app, context): Finding[] {
    const code = app.code;
    if (!code) return [];
    const findings: Finding[] = [];
    const facts = context.facts(app);
    const openers = providerCallers(app, facts);
    for (const { text } of facts.codeStrings()) {
      const entry = matchContentUri(text);
      if (!entry) continue;
      const uses = code.stringUses(text);
      const opened = uses.some((use) => openers.has(use.caller));
      findings.push(
        emit('string', {
          category: entry.category,
          args: {
            uri: text,
            what: entry.what,
            uses: uses.length,
            openedInSameMethod: opened,
            reference: entry.reference,
          },
          confidence: opened ? 'high' : 'medium',
          evidence: codeEvidenceList(app, uses),
        }),
      );
    }
    for (const entry of URI_FIELDS) {
      const reads = code.fieldAccesses(entry.field).reads;
      if (reads.length === 0) continue;
      const opened = reads.some((use) => openers.has(use.caller));
      const { classDescriptor, member } = splitMember(entry.field);
      const name = `${javaClassName(classDescriptor).replace(/\$/g, '.')}.${member.split(':')[0] ?? ''}`;
      findings.push(
        emit('field', {
          category: entry.category,
          args: {
            field: name,
            what: entry.what,
            uses: reads.length,
            openedInSameMethod: opened,
            reference: entry.reference,
          },
          confidence: opened ? 'high' : 'medium',
          evidence: codeEvidenceList(app, reads),
        }),
      );
    }
    return findings;
  },
};
