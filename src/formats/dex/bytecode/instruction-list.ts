/**
 * Optional record of every instruction a walk visited: code-unit offset and
 * opcode, or the payload ident (0x0100, 0x0200, 0x0300) for payloads.
 * Used by listings and by the tests that compare the walk with dexdump.
 */
const INITIAL_CAPACITY = 64;

export class InstructionList {
  count = 0;
  codeUnitOffsets = new Uint32Array(INITIAL_CAPACITY);
  /** Opcode 0..255, or a payload ident. */
  opcodes = new Uint16Array(INITIAL_CAPACITY);

  push(codeUnitOffset: number, opcodeOrIdent: number): void {
    if (this.count === this.opcodes.length) {
      const offsets = new Uint32Array(this.count * 2);
      offsets.set(this.codeUnitOffsets);
      const opcodes = new Uint16Array(this.count * 2);
      opcodes.set(this.opcodes);
      this.codeUnitOffsets = offsets;
      this.opcodes = opcodes;
    }
    this.codeUnitOffsets[this.count] = codeUnitOffset;
    this.opcodes[this.count] = opcodeOrIdent;
    this.count++;
  }

  clear(): void {
    this.count = 0;
  }
}
