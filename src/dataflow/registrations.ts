/**
 * Listener registrations Android never acts on. A view keeps one listener per setter
 * (https://developer.android.com/reference/android/view/View#setOnClickListener(android.view.View.OnClickListener):
 * a later call replaces it), and calls it back only after the registering method has returned
 * to the main thread's loop. So a `setOn…Listener(l)` on a view that the same method replaces,
 * on the straight line that follows, by another call of that setter on the same view, with
 * nothing between that could throw or branch away, is never called back
 * (DroidBench Callbacks/Unregister1: `button.setOnClickListener(l); button.setOnClickListener(null);`).
 * Such a registration hands nothing over (handoffs.ts), and a listener object made only for it
 * does not make its class's callbacks entry points (entry-points.ts).
 */
import { Op, isInvoke } from './ir/opcodes.js';
import type { Instruction, MethodBody } from './ir/types.js';
import { entryOffsets, writesRegister } from './straight-line.js';

const LISTENER_SETTER = /^setOn[A-Z]\w*Listener$/;

/** Instructions that can neither throw nor branch: constants and register moves. */
function harmless(opcode: number): boolean {
  return opcode === Op.NOP || (opcode >= Op.MOVE_FIRST && opcode <= Op.MOVE_LAST) || (opcode >= 0x12 && opcode <= 0x19);
}

function methodPart(reference: string): string {
  return reference.slice(reference.indexOf('->') + 2);
}

/** True for a call of a `setOn…Listener` method. */
export function isListenerSetter(reference: string): boolean {
  const member = methodPart(reference);
  return LISTENER_SETTER.test(member.slice(0, member.indexOf('(')));
}

/** True when the registration at instruction `at` is replaced before the method can return (see above). */
export function replacedBeforeReturn(body: MethodBody, at: number): boolean {
  const registration = body.instructions[at];
  if (registration === undefined || !isInvoke(registration.opcode) || !isListenerSetter(registration.reference))
    return false;
  const view = registration.args[0];
  if (view === undefined) return false;
  const entries = entryOffsets(body);
  for (let index = at + 1; index < body.instructions.length; index++) {
    const instruction = body.instructions[index] as Instruction;
    if (entries.has(instruction.offset)) return false;
    if (
      isInvoke(instruction.opcode) &&
      instruction.args[0] === view &&
      methodPart(instruction.reference) === methodPart(registration.reference)
    )
      return true;
    if (!harmless(instruction.opcode) || writesRegister(instruction, view)) return false;
  }
  return false;
}

/**
 * True when the object `new-instance` makes at `offset` is only constructed and registered by a
 * registration replaced before the method returns: its register is read by nothing else before
 * it is overwritten.
 */
export function madeForDeadRegistration(body: MethodBody, offset: number): boolean {
  const start = body.instructions.findIndex((instruction) => instruction.offset === offset);
  const made = body.instructions[start];
  if (made === undefined || made.opcode !== Op.NEW_INSTANCE) return false;
  const register = made.a;
  const entries = entryOffsets(body);
  let registered = false;
  for (let index = start + 1; index < body.instructions.length; index++) {
    const instruction = body.instructions[index] as Instruction;
    if (entries.has(instruction.offset)) return false;
    const reads = instruction.args.includes(register) || instruction.b === register || instruction.c === register;
    if (isInvoke(instruction.opcode) && instruction.args[0] === register && instruction.opcode === Op.INVOKE_DIRECT) {
      if (!instruction.reference.includes('-><init>(')) return false;
      continue;
    }
    if (!registered && isInvoke(instruction.opcode) && isListenerSetter(instruction.reference) && reads) {
      if (instruction.args[0] === register || !replacedBeforeReturn(body, index)) return false;
      registered = true;
      continue;
    }
    if (reads || (instruction.a === register && !writesRegister(instruction, register))) return false;
    if (writesRegister(instruction, register)) return registered;
    if (!harmless(instruction.opcode) && !isInvoke(instruction.opcode)) return false;
  }
  return false;
}
