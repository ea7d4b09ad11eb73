/**
 * Which code shows which layout: call sites of setContentView(int) and
 * LayoutInflater/View.inflate(int, …) whose int argument was loaded by a
 * `const vX, 0x7f…` earlier in the same method (aapt/javac/d8 put R.layout.x
 * as such a literal; the demo's MainActivity does exactly that). Linear, not
 * flow-sensitive: the last const into the argument register before the call.
 * Call sites come from the code index; only those methods' bytecode is walked.
 */
import { DiagnosticSink } from '../../formats/diagnostics.js';
import { descriptorToJavaName, type DexFile } from '../../formats/dex/index.js';
import type { CodeItem } from '../../formats/dex/types.js';
import { InstructionList, walkInstructions } from '../../formats/dex/bytecode/index.js';
import type { CodeIndex, CodeReference } from '../code-index/index.js';
import type { Resources } from '../resources/index.js';
import type { ScreenBinding } from './types.js';

/** Methods that take a layout id as their int argument (second register of the invoke: after `this` or the Context). */
const LAYOUT_SINKS: readonly string[] = [
  'Landroid/app/Activity;->setContentView(I)V',
  'Landroid/app/Dialog;->setContentView(I)V',
  'Landroidx/activity/ComponentActivity;->setContentView(I)V',
  'Landroidx/appcompat/app/AppCompatActivity;->setContentView(I)V',
  'Landroidx/appcompat/app/AppCompatDelegate;->setContentView(I)V',
  'Landroid/support/v7/app/AppCompatActivity;->setContentView(I)V',
  'Landroid/view/LayoutInflater;->inflate(ILandroid/view/ViewGroup;)Landroid/view/View;',
  'Landroid/view/LayoutInflater;->inflate(ILandroid/view/ViewGroup;Z)Landroid/view/View;',
  'Landroid/view/View;->inflate(Landroid/content/Context;ILandroid/view/ViewGroup;)Landroid/view/View;',
];

/** Call sites examined per app at most (bounds the bytecode walks on huge apps). */
const MAX_LAYOUT_CALL_SITES = 5000;
/** Dalvik opcodes (dalvik-bytecode): const vAA, #+BBBBBBBB (31i) and the invoke formats 35c/3rc. */
const OPCODE_CONST = 0x14;
const OPCODE_INVOKE_VIRTUAL = 0x6e;
const OPCODE_INVOKE_INTERFACE = 0x72;
const OPCODE_INVOKE_VIRTUAL_RANGE = 0x74;
const OPCODE_INVOKE_INTERFACE_RANGE = 0x78;
const CODE_UNIT_BYTES = 2;
/** The layout id is the second argument register for every sink above. */
const LAYOUT_ARGUMENT_INDEX = 1;

function u16(dex: DexFile, absolute: number): number | undefined {
  const position = absolute - dex.base;
  const low = dex.bytes[position];
  const high = dex.bytes[position + 1];
  return low === undefined || high === undefined ? undefined : low | (high << 8);
}

/** The register an invoke passes as argument `index` (35c: C D E F G nibbles; 3rc: CCCC + index). */
function argumentRegister(dex: DexFile, absolute: number, index: number): number | undefined {
  const first = u16(dex, absolute);
  if (first === undefined) return undefined;
  const opcode = first & 0xff;
  if (opcode >= OPCODE_INVOKE_VIRTUAL && opcode <= OPCODE_INVOKE_INTERFACE) {
    const registers = u16(dex, absolute + 2 * CODE_UNIT_BYTES);
    if (registers === undefined || index > 3) return undefined;
    return (registers >> (4 * index)) & 0xf;
  }
  if (opcode >= OPCODE_INVOKE_VIRTUAL_RANGE && opcode <= OPCODE_INVOKE_INTERFACE_RANGE) {
    const start = u16(dex, absolute + 2 * CODE_UNIT_BYTES);
    return start === undefined ? undefined : start + index;
  }
  return undefined;
}

/** The layout id loaded into the argument register before the call, if it was a const literal. */
function layoutIdBefore(dex: DexFile, code: CodeItem, use: CodeReference): number | undefined {
  const register = argumentRegister(dex, use.absoluteOffset, LAYOUT_ARGUMENT_INDEX);
  if (register === undefined) return undefined;
  const instructions = new InstructionList();
  walkInstructions(dex.bytes, code.instructionsOffset - dex.base, code.instructionsSize, new DiagnosticSink(), {
    instructions,
    base: dex.base,
  });
  let value: number | undefined;
  for (let index = 0; index < instructions.count; index++) {
    const unitOffset = instructions.codeUnitOffsets[index]!;
    if (unitOffset >= use.codeUnitOffset) break;
    if (instructions.opcodes[index] !== OPCODE_CONST) continue;
    const absolute = code.instructionsOffset + unitOffset * CODE_UNIT_BYTES;
    const first = u16(dex, absolute);
    const low = u16(dex, absolute + CODE_UNIT_BYTES);
    const high = u16(dex, absolute + 2 * CODE_UNIT_BYTES);
    if (first === undefined || low === undefined || high === undefined || first >> 8 !== register) continue;
    value = (low | (high << 16)) >>> 0;
  }
  return value;
}

/** Layout resource id → the code that shows it. */
export function findScreens(
  code: CodeIndex | undefined,
  resources: Resources | undefined,
): Map<number, ScreenBinding[]> {
  const screens = new Map<number, ScreenBinding[]>();
  if (code === undefined || resources === undefined) return screens;
  const seen = new Set<string>();
  let examined = 0;
  for (const sink of LAYOUT_SINKS) {
    for (const use of code.callSitesOf(sink)) {
      const key = `${use.dex}\0${use.absoluteOffset}`;
      if (seen.has(key) || examined >= MAX_LAYOUT_CALL_SITES) continue;
      seen.add(key);
      examined++;
      // The caller's code as the index walked it (the loaded copy in use.dex).
      const found = code.methodCode(use.caller);
      if (found === undefined) continue;
      const layoutId = layoutIdBefore(found.source.dex, found.code, use);
      if (layoutId === undefined || !(resources.nameOf(layoutId) ?? '').includes(':layout/')) continue;
      const arrow = use.caller.indexOf('->');
      const binding: ScreenBinding = {
        className: descriptorToJavaName(use.caller.slice(0, arrow)),
        method: use.caller.slice(arrow + 2),
        dex: use.dex,
        codeOffset: use.codeUnitOffset,
        fileOffset: use.absoluteOffset,
        target: use.target,
      };
      const list = screens.get(layoutId);
      if (list === undefined) screens.set(layoutId, [binding]);
      else list.push(binding);
    }
  }
  return screens;
}
