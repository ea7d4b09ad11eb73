/**
 * try_item and encoded_catch_handler_list (DEX spec "code_item",
 * "encoded_catch_handler_list"): which instruction ranges are covered by
 * which exception handlers. Read on demand, per code item.
 *
 * Bounded per call by the method's own size rather than by the dex's work
 * budget: method bodies are decoded again and again by analyses, and a budget
 * spent by earlier reads would silently drop later try tables. A real method's
 * handler lists name its instructions, so their pairs stay well under
 * MAX_HANDLER_PAIRS_PER_CODE_UNIT per code unit; beyond that the lists are cut
 * with a diagnostic.
 */
import { OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink, type ParseResult } from '../diagnostics.js';
import { CODE_ITEM_HEADER_SIZE, TRY_ITEM_SIZE } from './constants.js';
import type { CatchHandler, CodeItem, TryBlock } from './types.js';

const CODE_UNIT_SIZE = 2;
/** Smallest encoded_type_addr_pair: two one-byte uleb128 values. */
const MIN_TYPE_ADDRESS_PAIR_SIZE = 2;
/** Handler pairs read per code unit of the method, at most (plus HANDLER_PAIRS_FLOOR). */
const MAX_HANDLER_PAIRS_PER_CODE_UNIT = 8;
const HANDLER_PAIRS_FLOOR = 256;

interface Handler {
  readonly handlers: CatchHandler[];
  readonly catchAll: number | undefined;
}

function readCatchHandler(reader: ByteReader, position: number, allowed: number): Handler & { cut: boolean } {
  reader.seek(position);
  const size = reader.sleb128();
  // DEX spec encoded_catch_handler: abs(size) typed handlers; size <= 0 adds a catch-all.
  const declared = Math.abs(size);
  const fits = Math.min(declared, Math.floor(reader.remaining / MIN_TYPE_ADDRESS_PAIR_SIZE));
  const count = Math.min(fits, Math.max(0, allowed));
  const handlers: CatchHandler[] = [];
  for (let index = 0; index < count; index++) {
    const typeIndex = reader.uleb128();
    const address = reader.uleb128();
    handlers.push({ typeIndex, address });
  }
  // A cut list's catch-all (after the pairs not read) cannot be found.
  const cut = count < fits;
  const catchAll = size <= 0 && !cut ? reader.uleb128() : undefined;
  return { handlers, catchAll, cut };
}

export function readTryBlocks(reader: ByteReader, code: CodeItem): ParseResult<TryBlock[]> {
  const sink = new DiagnosticSink();
  const blocks: TryBlock[] = [];
  const codeStart = code.offset - reader.base;
  let position = codeStart + CODE_ITEM_HEADER_SIZE + code.instructionsSize * CODE_UNIT_SIZE;
  // DEX spec: two bytes of padding make tries 4-byte aligned when insns_size is odd.
  if (code.triesSize > 0 && code.instructionsSize % 2 === 1) position += CODE_UNIT_SIZE;
  const handlersStart = position + code.triesSize * TRY_ITEM_SIZE;
  // The instructions that exist bound the handler pairs (insns_size itself may be hostile).
  const existingUnits = Math.max(0, Math.min(code.instructionsSize, (reader.length - codeStart) / CODE_UNIT_SIZE));
  let allowedPairs = Math.floor(existingUnits) * MAX_HANDLER_PAIRS_PER_CODE_UNIT + HANDLER_PAIRS_FLOOR;
  // Try blocks usually share handlers; each encoded_catch_handler is read once.
  const handlerCache = new Map<number, Handler>();
  let cutAt = -1;
  try {
    for (let index = 0; index < code.triesSize; index++) {
      const at = position + index * TRY_ITEM_SIZE;
      const startAddress = reader.u32At(at);
      const instructionCount = reader.u16At(at + 4);
      const handlerOffset = reader.u16At(at + 6);
      let handler = handlerCache.get(handlerOffset);
      if (handler === undefined) {
        const read = readCatchHandler(reader, handlersStart + handlerOffset, allowedPairs);
        allowedPairs -= read.handlers.length;
        if (read.cut && cutAt < 0) cutAt = handlersStart + handlerOffset;
        handler = read;
        handlerCache.set(handlerOffset, handler);
      }
      blocks.push({ startAddress, instructionCount, handlers: handler.handlers, catchAllAddress: handler.catchAll });
    }
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    sink.add(
      'dex.tries-truncated',
      error.offset,
      `try/catch data of code_item at 0x${codeStart.toString(16)} runs past the end of the dex`,
      'error',
    );
  }
  if (cutAt >= 0) {
    sink.add(
      'dex.handlers-over-limit',
      reader.base + cutAt,
      `catch handler lists of code_item at 0x${codeStart.toString(16)} hold more pairs than ${MAX_HANDLER_PAIRS_PER_CODE_UNIT} per code unit of the method: cut there`,
      'error',
    );
  }
  return { value: blocks, diagnostics: sink.finish() };
}
