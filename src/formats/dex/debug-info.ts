/**
 * debug_info_item (DEX spec "debug_info_item"): the line-number state machine.
 * Positions tie an instruction address to a source line, which is how a
 * report can say "line 42 of Uploader.java sends the contacts".
 */
import { OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';

/** DEX spec debug_info_item opcodes and special-opcode parameters. */
const DBG_END_SEQUENCE = 0x00;
const DBG_ADVANCE_PC = 0x01;
const DBG_ADVANCE_LINE = 0x02;
const DBG_START_LOCAL = 0x03;
const DBG_START_LOCAL_EXTENDED = 0x04;
const DBG_END_LOCAL = 0x05;
const DBG_RESTART_LOCAL = 0x06;
const DBG_SET_PROLOGUE_END = 0x07;
const DBG_SET_EPILOGUE_BEGIN = 0x08;
const DBG_SET_FILE = 0x09;
const DBG_FIRST_SPECIAL = 0x0a;
const DBG_LINE_BASE = -4;
const DBG_LINE_RANGE = 15;

interface Position {
  /** Address in 16-bit code units from the method's first instruction. */
  readonly address: number;
  readonly line: number;
}

export interface DebugInfo {
  /** Absolute offset of debug_info_item. */
  readonly offset: number;
  readonly lineStart: number;
  /** Parameter name string indexes (undefined: no name), from uleb128p1 values. */
  readonly parameterNames: readonly (number | undefined)[];
  readonly positions: readonly Position[];
  /** Bytes of the item actually read (for the caller's work budget). */
  readonly length: number;
}

/** uleb128p1: the value plus one, so that 0 encodes NO_INDEX (DEX spec). */
function uleb128p1(reader: ByteReader): number | undefined {
  const value = reader.uleb128();
  return value === 0 ? undefined : value - 1;
}

/** Reads the debug_info_item at relative `position`; what was read before a problem is kept. */
export function readDebugInfo(reader: ByteReader, position: number, sink: DiagnosticSink): DebugInfo {
  const parameterNames: (number | undefined)[] = [];
  const positions: Position[] = [];
  let lineStart = 0;
  try {
    reader.seek(position);
    lineStart = reader.uleb128();
    const parameters = reader.uleb128();
    // Each name takes at least one byte: the count cannot outrun the file.
    for (let index = 0; index < parameters && reader.remaining > 0; index++) parameterNames.push(uleb128p1(reader));
    let address = 0;
    let line = lineStart;
    // Every opcode consumes at least one byte, so the loop ends within the file.
    for (;;) {
      const opcode = reader.u8();
      if (opcode === DBG_END_SEQUENCE) break;
      switch (opcode) {
        case DBG_ADVANCE_PC:
          address += reader.uleb128();
          break;
        case DBG_ADVANCE_LINE:
          line += reader.sleb128();
          break;
        case DBG_START_LOCAL:
          reader.uleb128();
          reader.uleb128();
          reader.uleb128();
          break;
        case DBG_START_LOCAL_EXTENDED:
          reader.uleb128();
          reader.uleb128();
          reader.uleb128();
          reader.uleb128();
          break;
        case DBG_END_LOCAL:
        case DBG_RESTART_LOCAL:
        case DBG_SET_FILE:
          reader.uleb128();
          break;
        case DBG_SET_PROLOGUE_END:
        case DBG_SET_EPILOGUE_BEGIN:
          break;
        default: {
          const adjusted = opcode - DBG_FIRST_SPECIAL;
          line += DBG_LINE_BASE + (adjusted % DBG_LINE_RANGE);
          address += Math.floor(adjusted / DBG_LINE_RANGE);
          positions.push({ address, line });
        }
      }
    }
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    sink.add(
      'dex.debug-info-truncated',
      error.offset,
      `debug_info_item at 0x${position.toString(16)} runs past the end of the dex`,
      'error',
    );
  }
  return {
    offset: reader.base + position,
    lineStart,
    parameterNames,
    positions,
    length: Math.max(1, reader.position - position),
  };
}
