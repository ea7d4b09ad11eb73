/**
 * content-uri: content:// URIs of personal-data providers that the code loads as
 * string constants, and reads of the framework constants that hold them.
 */
import type { Finding } from '../../findings/types.js';
import type { Rule } from '../types.js';
import { codeEvidenceList, javaClassName, splitMember } from '../../findings/evidence.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import { matchContentUri, sourcesOfKind } from '../../dataflow/data-sources.js';
import { providerCallers } from '../shared/providers.js';

const ID = 'content-uri';

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
