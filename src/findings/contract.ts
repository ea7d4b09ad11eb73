/**
 * The findings contract (docs/findings-schema.md), ESLint-style: every rule declares in its
 * metadata the codes it emits, each with its topic, the type of each argument and the message
 * template that turns the arguments into the one-line claim. Rules emit data (code + args); the
 * report layer renders every claim from the template, in one place (src/report/claim.ts).
 *
 * The types make an undeclared code or a wrongly typed argument a compile error where the rule
 * emits it (`emitter`); `checkFinding` repeats the check at run time (src/scan/run.ts drops and
 * reports a finding that fails it) and validates reports read back from disk.
 */
import type { DataCategory } from './vocabulary.js';
import type { Confidence, Evidence, Finding, FindingTopic } from './types.js';

/**
 * The type of an argument. `text` is a string taken from the app (untrusted, shown verbatim after
 * escaping), `gloss` an English gloss of such a text (reports show it beside the original), `string`
 * any other string (names from our tables, class names, hashes).
 */
export type ArgType =
  | { readonly type: 'string' | 'text' | 'gloss' | 'integer' | 'number' | 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'list'; readonly of: ArgType }
  | { readonly type: 'record'; readonly fields: ArgFields };

/** An argument (or record field): its type, optional when absent from some findings. */
type ArgField = ArgType & { readonly optional?: true };
export type ArgFields = { readonly [name: string]: ArgField };

type RequiredKeys<F> = { [K in keyof F]: F[K] extends { readonly optional: true } ? never : K }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The TypeScript type of a value of argument type `T`. */
type ValueOf<T> = T extends { readonly type: 'string' | 'text' | 'gloss' }
  ? string
  : T extends { readonly type: 'integer' | 'number' }
    ? number
    : T extends { readonly type: 'boolean' }
      ? boolean
      : T extends { readonly type: 'enum'; readonly values: ReadonlyArray<infer V> }
        ? V
        : T extends { readonly type: 'list'; readonly of: infer E }
          ? ReadonlyArray<ValueOf<E>>
          : T extends { readonly type: 'record'; readonly fields: infer F }
            ? ArgsOf<F>
            : never;

/** The TypeScript type of the arguments declared by `F`. */
export type ArgsOf<F> = Simplify<
  { readonly [K in RequiredKeys<F>]: ValueOf<F[K]> } & { readonly [K in OptionalKeys<F>]?: ValueOf<F[K]> }
>;

/** Builders for argument types: `arg.list(arg.text)`, `arg.optional(arg.integer)`. */
export const arg = {
  string: { type: 'string' },
  text: { type: 'text' },
  gloss: { type: 'gloss' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  enum: <const V extends readonly string[]>(...values: V) => ({ type: 'enum', values }) as const,
  list: <const E extends ArgType>(of: E) => ({ type: 'list', of }) as const,
  record: <const F extends ArgFields>(fields: F) => ({ type: 'record', fields }) as const,
  optional: <const T extends ArgType>(type: T) => ({ ...type, optional: true }) as T & { readonly optional: true },
} as const;

/** What a message template may read besides the arguments. */
interface MessageContext {
  readonly category?: DataCategory;
}

/**
 * Declared places in the arguments that consumers read by meaning rather than by name
 * (src/scan/catalogue.ts): each names arguments of the code.
 */
export interface CodeViews<K extends string> {
  /** Arguments naming what the finding is about: the diff matches findings on them (docs/diff.md). */
  readonly identity?: readonly K[];
  /** Arguments short reports (Markdown) show under the claim: values as a line, lists of records as a table. */
  readonly headline?: readonly K[];
  /** A network destination: where the HTML report's table, the library's endpoint facet and the diff read it. */
  readonly endpoint?: {
    readonly host?: K;
    readonly url?: K;
    readonly port?: K;
    readonly encrypted?: K;
    /** A list of domain names (network security config). */
    readonly domains?: K;
  };
  /** A third-party SDK (library facet, diff). */
  readonly sdk?: { readonly name: K; readonly kind?: K; readonly collects?: K };
  /** A permission the app requests (diff). */
  readonly permission?: { readonly name: K; readonly protectionLevel?: K };
  /** A file shipped in the APK (diff). */
  readonly asset?: { readonly entry: K; readonly type?: K; readonly size?: K; readonly sha256?: K };
  /** A classified enumeration: its source and listed items `{ text, where, gloss? }` (diff). */
  readonly labels?: { readonly source: K; readonly items: K };
  /** A form: its layout and field summaries `{ field, kind, shows?, categories }` (diff, HTML). */
  readonly form?: { readonly layout: K; readonly fields: K; readonly entry?: K; readonly screen?: K };
  /**
   * One field of a form with its texts `{ role, locale, text, gloss? }` and choices
   * `{ locale, items: [{ text, gloss? }] }` (diff, HTML form tables).
   */
  readonly formField?: {
    readonly layout: K;
    readonly field: K;
    readonly texts: K;
    readonly choices?: K;
    readonly widget?: K;
    readonly inputType?: K;
  };
}

/** One declared code of a rule. */
export interface CodeSpec<F extends ArgFields = ArgFields> {
  readonly topic: FindingTopic;
  /** What a finding of this code states, for docs/findings-schema.md. */
  readonly summary: string;
  readonly args: F;
  /**
   * The claim: one line of plain English. App strings in the arguments go in verbatim; the
   * renderer makes the line safe (src/report/claim.ts), so a template never escapes.
   */
  readonly message: (args: ArgsOf<F>, finding: MessageContext) => string;
  readonly views?: CodeViews<Extract<keyof F, string>>;
}

/**
 * A declared code with its argument types erased, as tables, the checker and the renderer hold
 * it: the template takes arguments the checker has checked (src/report/claim.ts passes them).
 */
export type CodeDeclaration = Omit<CodeSpec, 'message'> & {
  readonly message: (args: never, finding: MessageContext) => string;
};

/** A rule's codes, by the part after `<rule id>.`. */
export type CodeTable = { readonly [code: string]: CodeDeclaration };

/**
 * Declares a rule's codes with their argument types inferred, so each template is typed by its
 * own arguments. `defineCodes({ reads: { topic, summary, args: { api: arg.string }, message: (a) => … } })`.
 */
export function defineCodes<const A extends { readonly [code: string]: ArgFields }>(table: {
  readonly [K in keyof A]: CodeSpec<A[K]>;
}): { readonly [K in keyof A]: CodeSpec<A[K]> } {
  return table;
}

/** What a rule gives for one finding besides the code. */
interface Emitted<F> {
  readonly category?: DataCategory;
  readonly confidence: Confidence;
  readonly evidence: readonly Evidence[];
  readonly args: ArgsOf<F>;
}

export type Emit<T extends CodeTable> = <K extends Extract<keyof T, string>>(
  code: K,
  finding: Emitted<T[K]['args']>,
) => Finding;

/** The rule's finding factory: only declared codes, each with its declared arguments. */
export function emitter<T extends CodeTable>(ruleId: string, codes: T): Emit<T> {
  return (code, finding) => ({
    ruleId,
    code: `${ruleId}.${code}`,
    topic: (codes[code] as CodeDeclaration).topic,
    category: finding.category,
    args: finding.args,
    confidence: finding.confidence,
    evidence: finding.evidence,
  });
}

/** Depth of nested lists and records followed when checking (the declared types are at most 4 deep). */
const MAX_DEPTH = 8;

function describeType(type: ArgType): string {
  switch (type.type) {
    case 'enum':
      return type.values.map((value) => JSON.stringify(value)).join(' | ');
    case 'list':
      return `${describeType(type.of)}[]`;
    case 'record':
      return `{ ${Object.entries(type.fields)
        .map(([name, field]) => `${name}${field.optional ? '?' : ''}: ${describeType(field)}`)
        .join(', ')} }`;
    default:
      return type.type;
  }
}

/** The type as docs/findings-schema.md writes it: `string`, `text[]`, `{ locale: string, items: … }`. */
export function typeText(type: ArgType): string {
  return describeType(type);
}

function checkValue(type: ArgType, value: unknown, path: string, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return `${path} nests too deep`;
  switch (type.type) {
    case 'string':
    case 'text':
    case 'gloss':
      return typeof value === 'string' ? undefined : `${path} is not a string`;
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : `${path} is not an integer`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${path} is not a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${path} is not a boolean`;
    case 'enum':
      return typeof value === 'string' && type.values.includes(value)
        ? undefined
        : `${path} is not one of ${describeType(type)}`;
    case 'list': {
      if (!Array.isArray(value)) return `${path} is not a list`;
      for (let index = 0; index < value.length; index++) {
        const problem = checkValue(type.of, value[index], `${path}[${index}]`, depth + 1);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'record':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? checkFields(type.fields, value as Record<string, unknown>, `${path}.`, depth + 1)
        : `${path} is not an object`;
  }
}

function checkFields(
  fields: ArgFields,
  values: Record<string, unknown>,
  prefix: string,
  depth: number,
): string | undefined {
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(fields, name)) return `${prefix}${name} is not declared`;
  }
  for (const [name, field] of Object.entries(fields)) {
    const value = values[name];
    if (value === undefined) {
      if (field.optional) continue;
      return `${prefix}${name} is missing`;
    }
    const problem = checkValue(field, value, `${prefix}${name}`, depth);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why `args` does not fit the declared arguments, or undefined when it does. */
export function checkArgs(fields: ArgFields, args: unknown): string | undefined {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'args is not an object';
  return checkFields(fields, args as Record<string, unknown>, 'args.', 0);
}

/** The declared code of `finding` in `codes` of rule `ruleId`, or why there is none. */
function declaredCode(
  ruleId: string,
  codes: CodeTable,
  code: string,
): { readonly spec: CodeDeclaration } | { readonly problem: string } {
  const prefix = `${ruleId}.`;
  const name = code.startsWith(prefix) ? code.slice(prefix.length) : undefined;
  const spec = name !== undefined && Object.hasOwn(codes, name) ? codes[name] : undefined;
  return spec === undefined ? { problem: `code ${code} is not declared by rule ${ruleId}` } : { spec };
}

/** Why `finding` breaks the contract of the rule that declared `codes`, or undefined. */
export function checkFinding(ruleId: string, codes: CodeTable, finding: Finding): string | undefined {
  if (finding.ruleId !== ruleId) return `finding of rule ${finding.ruleId} emitted by rule ${ruleId}`;
  const declared = declaredCode(ruleId, codes, finding.code);
  if ('problem' in declared) return declared.problem;
  if (finding.topic !== declared.spec.topic)
    return `finding ${finding.code} has topic ${finding.topic}, declared ${declared.spec.topic}`;
  const problem = checkArgs(declared.spec.args, finding.args);
  return problem === undefined ? undefined : `finding ${finding.code}: ${problem}`;
}
