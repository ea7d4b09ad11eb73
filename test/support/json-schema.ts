/**
 * A small JSON Schema validator for the keywords the SARIF 2.1.0 schema uses
 * (draft-04 / draft-07 subset): type (one or a list; "integer" is a whole number),
 * required, properties, additionalProperties (boolean or schema), items (one schema),
 * enum, $ref to `#/definitions/<name>`, minItems, uniqueItems, pattern, minimum,
 * maximum, anyOf, oneOf. `format`, `default`, `description`, `title`, `id` and
 * `$schema` are ignored (format is an annotation unless a validator opts in).
 * Any other keyword throws: a schema we do not fully check must not pass silently.
 */

export type Schema = { readonly [keyword: string]: unknown };

export interface SchemaError {
  /** JSON pointer of the failing value, e.g. `/runs/0/results/3/level`. */
  readonly path: string;
  readonly message: string;
}

const IGNORED = new Set(['format', 'default', 'description', 'title', 'id', '$id', '$schema', 'definitions']);
const CHECKED = new Set([
  'type',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'enum',
  '$ref',
  'minItems',
  'uniqueItems',
  'pattern',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
]);
/** Errors kept before giving up: one bad renderer can otherwise produce thousands. */
const ERROR_LIMIT = 50;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeOf(value) === type;
  }
}

/** Canonical JSON (sorted keys) for uniqueItems and enum comparisons. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export class SchemaValidator {
  constructor(private readonly root: Schema) {}

  validate(value: unknown): SchemaError[] {
    const errors: SchemaError[] = [];
    this.check(this.root, value, '', errors);
    return errors;
  }

  private resolve(reference: string): Schema {
    const prefix = '#/definitions/';
    if (!reference.startsWith(prefix)) throw new Error(`unsupported $ref ${reference}`);
    const definitions = this.root.definitions as Record<string, Schema> | undefined;
    const target = definitions?.[reference.slice(prefix.length)];
    if (!target) throw new Error(`unresolved $ref ${reference}`);
    return target;
  }

  private check(schema: Schema, value: unknown, path: string, errors: SchemaError[]): void {
    if (errors.length >= ERROR_LIMIT) return;
    const fail = (message: string) => errors.push({ path: path || '/', message });
    for (const keyword of Object.keys(schema)) {
      if (!CHECKED.has(keyword) && !IGNORED.has(keyword))
        throw new Error(`unsupported schema keyword ${keyword} at ${path || '/'}`);
    }
    if (typeof schema.$ref === 'string') this.check(this.resolve(schema.$ref), value, path, errors);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((type) => matchesType(value, type))) {
        fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
        return;
      }
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((option) => canonical(option) === canonical(value)))
      fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      fail(`${JSON.stringify(value)} does not match /${schema.pattern}/`);
    if (typeof value === 'number') {
      if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`${value} < minimum ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`${value} > maximum ${schema.maximum}`);
    }
    if (Array.isArray(value)) {
      if (typeof schema.minItems === 'number' && value.length < schema.minItems)
        fail(`${value.length} items, fewer than ${schema.minItems}`);
      if (schema.uniqueItems === true && new Set(value.map(canonical)).size !== value.length)
        fail('items are not unique');
      if (schema.items !== undefined)
        value.forEach((item, index) => this.check(schema.items as Schema, item, `${path}/${index}`, errors));
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const object = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const name of (schema.required ?? []) as string[])
        if (!Object.hasOwn(object, name)) fail(`missing required property ${name}`);
      for (const [name, item] of Object.entries(object)) {
        const itemPath = `${path}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (Object.hasOwn(properties, name)) this.check(properties[name] as Schema, item, itemPath, errors);
        else if (schema.additionalProperties === false) fail(`property ${name} is not allowed`);
        else if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null)
          this.check(schema.additionalProperties as Schema, item, itemPath, errors);
      }
    }
    if (Array.isArray(schema.anyOf)) {
      const passes = (schema.anyOf as Schema[]).some(
        (option) => this.validateAgainst(option, value, path).length === 0,
      );
      if (!passes) fail('matches none of anyOf');
    }
    if (Array.isArray(schema.oneOf)) {
      const matching = (schema.oneOf as Schema[]).filter(
        (option) => this.validateAgainst(option, value, path).length === 0,
      ).length;
      if (matching !== 1) fail(`matches ${matching} of oneOf (exactly one needed)`);
    }
  }

  private validateAgainst(schema: Schema, value: unknown, path: string): SchemaError[] {
    const errors: SchemaError[] = [];
    this.check(schema, value, path, errors);
    return errors;
  }
}
