/**
 * bundletool's toc.pb (the table of contents of an .apks APK set): a
 * BuildApksResult protobuf message (bundletool src/main/proto/commands.proto).
 * Only what names the APKs is decoded: for every ApkDescription its path and
 * its SplitApkMetadata split_id (which is the manifest `split` attribute
 * bundletool wrote) or the kind of APK it is. A tiny bounded protobuf reader
 * (wire format: protobuf.dev/programming-guides/encoding): every step consumes
 * bytes, and nesting is fixed by the message types we descend into.
 */
import { ByteReader, OutOfBoundsError } from '../../formats/binary/byte-reader.js';
import type { DiagnosticSink } from '../../formats/diagnostics.js';

/** Protobuf wire types. */
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;
/** A varint is at most 10 bytes long. */
const MAX_VARINT_BYTES = 10;

/** Field numbers from commands.proto. */
const BUILD_APKS_RESULT = { variant: 1, packageName: 4 } as const;
const VARIANT = { apkSet: 2 } as const;
const APK_SET = { moduleMetadata: 1, apkDescription: 2 } as const;
const MODULE_METADATA = { name: 1 } as const;
const APK_DESCRIPTION = {
  path: 2,
  splitApkMetadata: 3,
  standaloneApkMetadata: 4,
  instantApkMetadata: 5,
  systemApkMetadata: 6,
  assetSliceMetadata: 7,
} as const;
const SPLIT_APK_METADATA = { splitId: 1, isMasterSplit: 2 } as const;

type TocApkKind = 'split' | 'standalone' | 'instant' | 'system' | 'asset-slice' | 'other';

export interface TocApk {
  readonly path: string;
  readonly module: string | undefined;
  readonly kind: TocApkKind;
  /** The split id ("" for the base module's master split). */
  readonly splitId: string | undefined;
  readonly isMasterSplit: boolean;
}

export interface TableOfContents {
  readonly packageName: string | undefined;
  readonly apks: readonly TocApk[];
}

interface Field {
  readonly number: number;
  readonly wireType: number;
  /** For length-delimited fields: the bytes; for varints: the value. */
  readonly bytes: ByteReader | undefined;
  readonly value: number;
}

function varint(reader: ByteReader): number {
  let result = 0;
  let multiplier = 1;
  for (let index = 0; index < MAX_VARINT_BYTES; index++) {
    const byte = reader.u8();
    result += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return Math.min(result, Number.MAX_SAFE_INTEGER);
    multiplier *= 128;
  }
  return Math.min(result, Number.MAX_SAFE_INTEGER);
}

/** The fields of one message, in order; stops (throwing OutOfBoundsError) at a truncated field. */
function fields(message: ByteReader): Field[] {
  const result: Field[] = [];
  message.position = 0;
  while (message.remaining > 0) {
    const key = varint(message);
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === WIRE_VARINT) result.push({ number, wireType, bytes: undefined, value: varint(message) });
    else if (wireType === WIRE_FIXED64) message.skip(8);
    else if (wireType === WIRE_FIXED32) message.skip(4);
    else if (wireType === WIRE_LENGTH_DELIMITED) {
      const length = varint(message);
      result.push({ number, wireType, bytes: message.slice(message.position, length), value: length });
      message.skip(length);
    } else throw new OutOfBoundsError(message.absolute, 0, message.remaining); // groups (3, 4) are not used by bundletool
  }
  return result;
}

const decoder = new TextDecoder();
const text = (field: Field | undefined): string | undefined =>
  field?.bytes === undefined ? undefined : decoder.decode(field.bytes.bytes);
const messages = (list: Field[], number: number): ByteReader[] =>
  list
    .filter((field) => field.number === number && field.bytes !== undefined)
    .map((field) => field.bytes as ByteReader);

function describeApk(description: ByteReader, module: string | undefined): TocApk | undefined {
  const list = fields(description);
  const path = text(list.find((field) => field.number === APK_DESCRIPTION.path));
  if (path === undefined) return undefined;
  const kinds: Array<[number, TocApkKind]> = [
    [APK_DESCRIPTION.splitApkMetadata, 'split'],
    [APK_DESCRIPTION.standaloneApkMetadata, 'standalone'],
    [APK_DESCRIPTION.instantApkMetadata, 'instant'],
    [APK_DESCRIPTION.systemApkMetadata, 'system'],
    [APK_DESCRIPTION.assetSliceMetadata, 'asset-slice'],
  ];
  const found = kinds.find(([number]) => list.some((field) => field.number === number));
  const kind = found?.[1] ?? 'other';
  let splitId: string | undefined;
  let isMasterSplit = false;
  const metadata = found === undefined ? undefined : messages(list, found[0])[0];
  if (metadata !== undefined && (kind === 'split' || kind === 'instant' || kind === 'asset-slice')) {
    const metadataFields = fields(metadata);
    // proto3: an absent string is "", the base module's master split.
    splitId = text(metadataFields.find((field) => field.number === SPLIT_APK_METADATA.splitId)) ?? '';
    isMasterSplit = metadataFields.some(
      (field) => field.number === SPLIT_APK_METADATA.isMasterSplit && field.value !== 0,
    );
  }
  return { path, module, kind, splitId, isMasterSplit };
}

/** Decodes toc.pb; what is read before a damaged field is kept, with a diagnostic. */
export function readTableOfContents(bytes: Uint8Array, offset: number, sink: DiagnosticSink): TableOfContents {
  const apks: TocApk[] = [];
  let packageName: string | undefined;
  try {
    const top = fields(new ByteReader(bytes, offset));
    packageName = text(top.find((field) => field.number === BUILD_APKS_RESULT.packageName));
    for (const variant of messages(top, BUILD_APKS_RESULT.variant)) {
      for (const apkSet of messages(fields(variant), VARIANT.apkSet)) {
        const setFields = fields(apkSet);
        const moduleMetadata = messages(setFields, APK_SET.moduleMetadata)[0];
        const module =
          moduleMetadata === undefined
            ? undefined
            : text(fields(moduleMetadata).find((field) => field.number === MODULE_METADATA.name));
        for (const description of messages(setFields, APK_SET.apkDescription)) {
          const apk = describeApk(description, module);
          if (apk !== undefined) apks.push(apk);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof OutOfBoundsError)) throw error;
    sink.add(
      'bundle.toc-truncated',
      error.offset,
      `toc.pb is damaged at ${error.offset}; ${apks.length} APK descriptions read before it`,
      'warning',
    );
  }
  return { packageName, apks };
}
