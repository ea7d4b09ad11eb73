/**
 * try_item and encoded_catch_handler_list (DEX spec "code_item",
 * "encoded_catch_handler_list"): which instruction ranges are covered by
 * which exception handlers. Read on demand, per code item.
 */
import { OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink, type ParseResult } from '../diagnostics.js';
import type { WorkBudget } from './budget.js';
import { CODE_ITEM_HEADER_SIZE, TRY_ITEM_SIZE } from './constants.js';
import type { CatchHandler, CodeItem, TryBlock } from './types.js';

const CODE_UNIT_SIZE = 2;
/** Smallest encoded_type_addr_pair: two one-byte uleb128 values. */
const MIN_TYPE_ADDRESS_PAIR_SIZE = 2;

interface Handler {
  readonly handlers: CatchHandler[];
  readonly catchAll: number | undefined;
}

function readCatchHandler(reader: ByteReader, position: number): Handler {
  reader.seek(position);
  const size = reader.sleb128();
  // DEX spec encoded_catch_handler: abs(size) typed handlers; size <= 0 adds a catch-all.
  const declared = Math.abs(size);
  const count = Math.min(declared, Math.floor(reader.remaining / MIN_TYPE_ADDRESS_PAIR_SIZE));
  const handlers: CatchHandler[] = [];
  for (let index = 0; index < count; index++) {
    const typeIndex = reader.uleb128();
    const address = reader.uleb128();
    handlers.push({ typeIndex, address });
  }
  const catchAll = size <= 0 ? reader.uleb128() : undefined;
  return { handlers, catchAll };
}

export function readTryBlocks(reader: ByteReader, code: CodeItem, budget: WorkBudget): ParseResult<TryBlock[]> {
  const sink = new DiagnosticSink();
  const blocks: TryBlock[] = [];
  const codeStart = code.offset - reader.base;
  let position = codeStart + CODE_ITEM_HEADER_SIZE + code.instructionsSize * CODE_UNIT_SIZE;
  // DEX spec: two bytes of padding make tries 4-byte aligned when insns_size is odd.
  if (code.triesSize > 0 && code.instructionsSize % 2 === 1) position += CODE_UNIT_SIZE;
  const handlersStart = position + code.triesSize * TRY_ITEM_SIZE;
  // Try blocks usually share handlers; each encoded_catch_handler is read once.
  const handlerCache = new Map<number, Handler>();
  if (!budget.spend(code.triesSize, sink, code.offset)) return { value: blocks, diagnostics: sink.finish() };
  try {
    for (let index = 0; index < code.triesSize; index++) {
      const at = position + index * TRY_ITEM_SIZE;
      const startAddress = reader.u32At(at);
      const instructionCount = reader.u16At(at + 4);
      const handlerOffset = reader.u16At(at + 6);
      let handler = handlerCache.get(handlerOffset);
      if (handler === undefined) {
        handler = readCatchHandler(reader, handlersStart + handlerOffset);
        budget.spend(handler.handlers.length, sink, code.offset);
        handlerCache.set(handlerOffset, handler);
      }
      blocks.push({ startAddress, instructionCount, handlers: handler.handlers, catchAllAddress: handler.catchAll });
    }
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    budget.fail(sink, error.offset);
    sink.add(
      'dex.tries-truncated',
      error.offset,
      `try/catch data of code_item at 0x${codeStart.toString(16)} runs past the end of the dex`,
      'error',
    );
  }
  return { value: blocks, diagnostics: sink.finish() };
}
