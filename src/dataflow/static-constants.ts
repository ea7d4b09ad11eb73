/**
 * Static fields that hold one constant text for the whole run of the app: the field is
 * written exactly once in the app's code, by its own class's static initialiser, with a
 * `const-string` that reaches the `sput-object` in a straight line. The initialiser runs
 * before any other use of the class (JLS 12.4.1, JVMS 5.5), so every read of the field,
 * including the class's own methods, sees that text (`private static String ACTION = "a.b";`
 * read by `new Intent(ACTION)` in the same class). A field written anywhere else, through a
 * subclass's spelling included, or by a branch, is not a constant. Writes by reflection
 * (`Field.set`) are not seen.
 */
import { Op } from './ir/opcodes.js';
import type { Instruction, MethodBody } from './ir/types.js';
import { splitSignature, type Program } from './program.js';
import { endsStraightLine, entryOffsets, writesRegister } from './straight-line.js';

const CLASS_INITIALIZER = '<clinit>()V';
/** Dalvik bytecode 0x69 `sput-object vAA, field@BBBB`. */
const SPUT_OBJECT = 0x69;

export class StaticConstants {
  private readonly cache = new Map<string, string | undefined>();
  private readonly namersCache = new Map<string, ReadonlySet<string>>();

  constructor(private readonly program: Program) {}

  /** The constant text of static field `field` (resolved signature), or undefined. */
  text(field: string): string | undefined {
    if (this.cache.has(field)) return this.cache.get(field);
    const text = this.compute(field);
    this.cache.set(field, text);
    return text;
  }

  /** App methods that name `text`: a `const-string` of it, or a read of a static field holding it. */
  namers(text: string): ReadonlySet<string> {
    let cached = this.namersCache.get(text);
    if (cached !== undefined) return cached;
    const out = new Set<string>();
    for (const use of this.program.code.stringUses(text)) {
      out.add(use.caller);
      if (!use.caller.endsWith(`->${CLASS_INITIALIZER}`)) continue;
      for (const instruction of this.program.body(use.caller)?.instructions ?? [])
        if (instruction.opcode === SPUT_OBJECT) {
          const field = this.program.field(instruction.reference);
          if (this.text(field) === text) for (const reader of this.program.fieldReaders(field)) out.add(reader);
        }
    }
    cached = out;
    this.namersCache.set(text, cached);
    return cached;
  }

  private compute(field: string): string | undefined {
    const { owner } = splitSignature(field);
    if (!field.endsWith(':Ljava/lang/String;') || !this.program.isAppClass(owner)) return undefined;
    const member = field.slice(field.indexOf('->'));
    const initializer = `${owner}->${CLASS_INITIALIZER}`;
    const writes = [owner, ...this.program.descendants(owner)].flatMap(
      (spelling) => this.program.code.fieldAccesses(`${spelling}${member}`).writes,
    );
    const write = writes[0];
    if (writes.length !== 1 || write === undefined || write.caller !== initializer) return undefined;
    const body = this.program.body(initializer);
    if (body === undefined) return undefined;
    const at = body.instructions.findIndex((instruction) => instruction.offset === write.codeUnitOffset);
    const sput = body.instructions[at];
    if (sput === undefined || sput.opcode !== SPUT_OBJECT) return undefined;
    return constantBefore(body, at, sput.a);
  }
}

/** The `const-string` that last set `register` on the straight line ending before instruction `at`. */
function constantBefore(body: MethodBody, at: number, register: number): string | undefined {
  const entries = entryOffsets(body);
  for (let index = at - 1; index >= 0; index--) {
    const instruction = body.instructions[index] as Instruction;
    // Control may reach the instruction after this one from elsewhere, or not from this one.
    if (entries.has((body.instructions[index + 1] as Instruction).offset) || endsStraightLine(instruction.opcode))
      return undefined;
    if (!writesRegister(instruction, register)) continue;
    return instruction.opcode === Op.CONST_STRING || instruction.opcode === Op.CONST_STRING_JUMBO
      ? instruction.reference
      : undefined;
  }
  return undefined;
}
