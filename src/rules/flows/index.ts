/**
 * flows: which collected data goes where. One finding per path the flow analysis
 * (src/dataflow) finds from a read of personal data (the data-source table) to a sink (the
 * sink table), per (source call site, sink call site); the evidence is the path itself, the
 * source call site first and the sink call site last, with the calls, returns and field
 * accesses between. See README.md beside this file.
 */
import type { AppModel } from '../../model/app-model.js';
import type { CodeEvidence, Finding } from '../../findings/types.js';
import { javaClassName, splitMember } from '../../findings/evidence.js';
import { DATA_CATEGORIES } from '../../findings/vocabulary.js';
import { defaultText, type Form } from '../../model/forms/index.js';
import type { FormFieldCategory } from '../../dataflow/host.js';
import { FlowEngine, type Flow, type FlowDiagnostic } from '../../dataflow/engine.js';
import { renderStr } from '../../dataflow/domain/values.js';
import type { Hop } from '../../dataflow/domain/taint.js';
import { describeDestination } from '../../dataflow/destinations.js';
import type { Rule, RuleContext } from '../types.js';
import { arg, defineCodes, emitter } from '../../findings/contract.js';
import { classifyField } from '../shared/field-categories.js';

const ID = 'flows';
/** Hops cited per flow: the first and last ones are always kept (the source and the sink). */
const MAX_HOPS = 40;
const LAYOUT_PREFIX = 'res/layout';

const SINK_WORDS: Readonly<Record<string, string>> = {
  network: 'sent over the network',
  sms: 'sent by SMS',
  log: 'written to the system log',
  file: 'written to a file',
  preferences: 'stored in the shared preferences',
  intent: 'handed to another component in an Intent',
  ipc: 'handed to another app or service',
  native: 'passed to native code',
  other: 'passed on',
};

const SINK_KINDS = ['network', 'sms', 'log', 'file', 'preferences', 'intent', 'ipc', 'native', 'other'] as const;

const CODES = defineCodes({
  'data-to-sink': {
    topic: 'flow',
    summary: 'a path from a read of personal data (the category) to a sink, the path as evidence',
    args: {
      /** The sink's kind. */
      sink: arg.enum(...SINK_KINDS),
      /** What was read, in words; a form field's id and label come from the app. */
      reads: arg.text,
      /** The source API (Java spelling), or `the parameter of …` for a callback. */
      source: arg.string,
      /** The source table's kind: api, identifier-field, content-uri, callback-parameter, form-field… */
      sourceKind: arg.string,
      sourceMethod: arg.string,
      sinkApi: arg.string,
      sinkMethod: arg.string,
      /** What the sink does with the data, in words. */
      does: arg.string,
      /** Hops on the path (source and sink included). */
      hops: arg.integer,
      /** What each evidence item is, in order: source, call, return, field-write, field-read, static-write, static-read, sink. */
      hopKinds: arg.string,
      reference: arg.string,
      /** Where a network or SMS sink sends it, when built from constants (app strings). */
      destination: arg.optional(arg.text),
      destinationTemplate: arg.optional(arg.text),
      destinationScheme: arg.optional(arg.text),
      destinationHost: arg.optional(arg.text),
      destinationPort: arg.optional(arg.integer),
      destinationPath: arg.optional(arg.text),
      /** Evidence items cited when the path is longer than the report keeps (first and last halves). */
      hopsCited: arg.optional(arg.integer),
    },
    message: (args) =>
      `${capitalise(args.reads)} is ${SINK_WORDS[args.sink] ?? 'passed on'}${args.destination === undefined ? '' : ` (${args.destination})`}: read by ${args.source} in ${args.sourceMethod}, reaches ${args.sinkApi} in ${args.sinkMethod}`,
    views: {
      identity: ['source', 'sourceMethod', 'sink', 'sinkApi', 'sinkMethod', 'destination'],
      headline: ['sink', 'destination'],
    },
  },
  'cut-short': {
    topic: 'obfuscation',
    summary:
      'the flow analysis cut something short (budget, method size, recursion, dispatch): its flows are a lower bound',
    args: {
      /** The engine's diagnostic: flows.budget-exhausted, flows.method-budget, flows.dispatch-truncated… */
      cut: arg.string,
      detail: arg.string,
      times: arg.integer,
    },
    message: (args) =>
      `The flow analysis was cut short${args.times > 1 ? ` ${args.times} times` : ''} (${args.cut}): ${args.detail}`,
    views: { identity: ['cut'] },
  },
});
const emit = emitter(ID, CODES);

function formFields(forms: readonly Form[]): ReadonlyMap<number, readonly FormFieldCategory[]> {
  const byView = new Map<number, FormFieldCategory[]>();
  for (const form of forms)
    for (const field of form.fields) {
      if (field.id === undefined) continue;
      for (const found of classifyField(field)) {
        const list = byView.get(field.id.resourceId) ?? [];
        if (list.some((item) => item.category === found.category)) continue;
        list.push({
          category: found.category,
          field: field.id.name ?? `0x${field.id.resourceId.toString(16)}`,
          label:
            defaultText(field.label?.text) ?? defaultText(field.texts.find((text) => text.attribute === 'hint')) ?? '',
        });
        byView.set(field.id.resourceId, list);
      }
    }
  return byView;
}

/** A string resource's text when every locale gives the same one (a class or action name is not translated). */
function resourceText(app: AppModel, id: number): string | undefined {
  const resources = app.resources;
  if (resources === undefined) return undefined;
  let text: string | undefined;
  for (const resolution of resources.allLocaleValues(id).values()) {
    if (resolution.text === undefined || (text !== undefined && resolution.text !== text)) return undefined;
    text = resolution.text;
  }
  return text;
}

function evidenceOf(app: AppModel, hop: Hop): CodeEvidence {
  const { classDescriptor, member } = splitMember(hop.method);
  return {
    kind: 'code',
    apkSha256: app.apk.sha256,
    entry: hop.dex,
    className: javaClassName(classDescriptor),
    method: member,
    codeOffset: hop.offset,
    fileOffset: hop.fileOffset,
    target: hop.target,
  };
}

/** `Lcom/a/B;->m(I)V` → `com.a.B.m`. */
function shortMethod(signature: string): string {
  const { classDescriptor, member } = splitMember(signature);
  return `${javaClassName(classDescriptor)}.${member.slice(0, member.indexOf('(') < 0 ? undefined : member.indexOf('('))}`;
}

function finding(app: AppModel, flow: Flow): Finding {
  const hops =
    flow.path.length <= MAX_HOPS
      ? flow.path
      : [...flow.path.slice(0, MAX_HOPS / 2), ...flow.path.slice(-(MAX_HOPS / 2))];
  const first = flow.path[0] as Hop;
  const last = flow.path[flow.path.length - 1] as Hop;
  const destination =
    flow.destination === undefined ? undefined : describeDestination(flow.sink.kind, flow.destination);
  const sourceApi =
    flow.source.kind === 'callback-parameter'
      ? `the parameter of ${shortMethod(first.target)}`
      : shortMethod(first.target);
  return emit('data-to-sink', {
    category: flow.source.category,
    args: {
      sink: flow.sink.kind,
      reads: flow.source.reads,
      source: sourceApi,
      sourceKind: flow.source.kind,
      sourceMethod: shortMethod(first.method),
      sinkApi: shortMethod(last.target),
      sinkMethod: shortMethod(last.method),
      does: flow.sink.does,
      hops: flow.path.length,
      hopKinds: hops.map((hop) => hop.kind).join(','),
      reference: flow.sink.reference,
      ...(destination === undefined
        ? {}
        : {
            destination: destination.summary,
            destinationTemplate: renderStr(flow.destination ?? []),
            ...(destination.scheme === undefined ? {} : { destinationScheme: destination.scheme }),
            ...(destination.host === undefined ? {} : { destinationHost: destination.host }),
            ...(destination.port === undefined ? {} : { destinationPort: destination.port }),
            ...(destination.path === undefined ? {} : { destinationPath: destination.path }),
          }),
      ...(flow.path.length > hops.length ? { hopsCited: hops.length } : {}),
    },
    confidence: 'high',
    evidence: hops.map((hop) => evidenceOf(app, hop)),
  });
}

/**
 * What the analysis cut short (its budget, a method too long, a call with too many targets...),
 * one finding per kind: the flows it reports are then a lower bound, and the reader must know.
 * The evidence is the method the analysis was in when it first cut something.
 */
/** What an instruction names, as evidence cites it: its reference, or its mnemonic when it has none (`const-string ""` names the empty string). */
function citedTarget(instruction: { readonly reference: string; readonly mnemonic: string }): string {
  return instruction.reference !== '' || instruction.mnemonic.startsWith('const-string')
    ? instruction.reference
    : instruction.mnemonic;
}

function cutShort(app: AppModel, engine: FlowEngine, diagnostic: FlowDiagnostic): Finding | undefined {
  const body = diagnostic.method === undefined ? undefined : engine.program.body(diagnostic.method);
  if (diagnostic.method === undefined || body === undefined) return undefined;
  const { classDescriptor, member } = splitMember(diagnostic.method);
  const first = body.instructions[0];
  return emit('cut-short', {
    args: { cut: diagnostic.code, detail: diagnostic.detail, times: diagnostic.count },
    confidence: 'high',
    evidence: [
      {
        kind: 'code',
        apkSha256: app.apk.sha256,
        entry: body.dex,
        className: javaClassName(classDescriptor),
        method: member,
        codeOffset: 0,
        fileOffset: body.codeOffset,
        target: first === undefined ? '' : citedTarget(first),
      },
    ],
  });
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

export const rule: Rule = {
  meta: {
    id: ID,
    description:
      'Data flows from reads of personal data to where it goes (network, SMS, log, file, preferences, intents, other apps, native code), with the path as evidence',
    categories: DATA_CATEGORIES,
    codes: CODES,
    references: [
      'https://developer.android.com/reference',
      'Arzt et al., "FlowDroid: Precise Context, Flow, Field, Object-sensitive and Lifecycle-aware Taint Analysis for Android Apps", PLDI 2014',
    ],
  },
  run(app: AppModel, context: RuleContext): Finding[] {
    const code = app.code;
    if (code === undefined) return [];
    const layouts = app.xmlResources
      .filter((file) => file.entry.startsWith(LAYOUT_PREFIX))
      .map((file) => file.document);
    const engine = new FlowEngine({
      code,
      dexSources: app.dexSources,
      ...(app.manifest === undefined ? {} : { manifest: app.manifest }),
      layouts,
      formFields: () => formFields(context.forms(app, app.resources)),
      resourceText: (id) => resourceText(app, id),
      // Other rules index the same classes, method names and strings: asked of the scan's facts, made once.
      classes: () => context.facts(app).classDefinitions(),
      methodsNamed: (owner, name) => context.facts(app).methodsOfClass(owner, name),
      codeStrings: () => context.facts(app).codeStrings(),
    });
    const result = engine.run();
    return [
      ...result.flows.map((flow) => finding(app, flow)),
      ...result.diagnostics
        .map((diagnostic) => cutShort(app, engine, diagnostic))
        .filter((item): item is Finding => item !== undefined),
    ];
  },
};
