/** Builders for hand-made APK Signing Blocks and v2/v3 signer records (little-endian, as the spec says). */
export function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
  return bytes;
}

export function u64(value: number | bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** uint32 length prefix + bytes. */
export function prefixed(...parts: Uint8Array[]): Uint8Array {
  const body = concat(...parts);
  return concat(u32(body.length), body);
}

export function pair(id: number, value: Uint8Array): Uint8Array {
  return concat(u64(value.length + 4), u32(id), value);
}

const MAGIC = new TextEncoder().encode('APK Sig Block 42');

/** size, pairs, size, magic; `declared` overrides the trailing size field when given. */
export function signingBlock(
  pairs: Uint8Array[],
  options: { leading?: number | bigint; trailing?: number | bigint } = {},
): Uint8Array {
  const body = concat(...pairs);
  const size = body.length + 8 + 16;
  return concat(u64(options.leading ?? size), body, u64(options.trailing ?? size), MAGIC);
}

/** A file of `prefixLength` filler bytes followed by the block; the "central directory" starts right after. */
export function fileWithBlock(
  block: Uint8Array,
  prefixLength = 16,
): { bytes: Uint8Array; centralDirectoryOffset: number } {
  const bytes = concat(new Uint8Array(prefixLength).fill(0x50), block, new Uint8Array([0x50, 0x4b, 0x01, 0x02]));
  return { bytes, centralDirectoryOffset: prefixLength + block.length };
}

export interface SignerParts {
  digests?: Array<[number, Uint8Array]>;
  certificates?: Uint8Array[];
  attributes?: Array<[number, Uint8Array]>;
  sdk?: [number, number];
  signatures?: Array<[number, Uint8Array]>;
  publicKey?: Uint8Array;
}

function signedData(parts: SignerParts, v3: boolean): Uint8Array {
  const digests = prefixed(...(parts.digests ?? []).map(([id, digest]) => prefixed(u32(id), prefixed(digest))));
  const certificates = prefixed(...(parts.certificates ?? []).map((der) => prefixed(der)));
  const attributes = prefixed(...(parts.attributes ?? []).map(([id, value]) => prefixed(u32(id), value)));
  const sdk = v3 ? concat(u32(parts.sdk?.[0] ?? 28), u32(parts.sdk?.[1] ?? 0x7fffffff)) : new Uint8Array(0);
  return concat(digests, certificates, sdk, attributes);
}

export function signer(parts: SignerParts, v3: boolean): Uint8Array {
  const sdk = v3 ? concat(u32(parts.sdk?.[0] ?? 28), u32(parts.sdk?.[1] ?? 0x7fffffff)) : new Uint8Array(0);
  const signatures = prefixed(
    ...(parts.signatures ?? []).map(([id, signature]) => prefixed(u32(id), prefixed(signature))),
  );
  return prefixed(prefixed(signedData(parts, v3)), sdk, signatures, prefixed(parts.publicKey ?? new Uint8Array(0)));
}

export function schemeValue(...signers: Uint8Array[]): Uint8Array {
  return prefixed(...signers);
}
