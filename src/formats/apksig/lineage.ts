/**
 * Proof-of-rotation / signing-certificate lineage, the value of the v3 attribute
 * PROOF_OF_ROTATION (AOSP apksig SigningCertificateLineage.readSigningCertificateLineage):
 *
 *   uint32 version (1)
 *   repeated length-prefixed node:
 *     length-prefixed signed data: length-prefixed certificate, uint32 signed algorithm id
 *     uint32 flags
 *     uint32 signature algorithm id (the algorithm this node's key uses to sign the next node)
 *     length-prefixed signature (by the previous node's key over this node's signed data)
 *
 * For researchers the lineage is attribution history: every key that ever signed the app.
 */
import { ByteReader, OutOfBoundsError } from '../binary/byte-reader.js';
import { LINEAGE_VERSION } from './constants.js';
import { LengthPrefixError, readLengthPrefixed, readLengthPrefixedItems } from './length-prefixed.js';
import { signatureAlgorithmName } from './signature-algorithms.js';
import { PublicKeys, verifySchemeSignature } from './verify-signature.js';
import { certificatePublicKeyBytes } from './der.js';

interface LineageNode {
  readonly offset: number;
  readonly certificate: Uint8Array;
  /** Algorithm named inside the signed data (must equal the previous node's signatureAlgorithmId). */
  readonly signedAlgorithmId: number;
  /** Capabilities granted to this past certificate (apksig SignerCapabilities). */
  readonly flags: number;
  readonly signatureAlgorithmId: number;
  readonly signature: Uint8Array;
}

export interface Lineage {
  readonly version: number;
  readonly nodes: readonly LineageNode[];
  /** Every reason the lineage does not hold (empty when each link verified). */
  readonly problems: readonly string[];
}

/** Real lineages hold a handful of keys. */
const MAX_NODES = 64;

export function readLineage(value: Uint8Array, valueOffset: number, keys: PublicKeys = new PublicKeys()): Lineage {
  const reader = new ByteReader(value, valueOffset);
  const nodes: LineageNode[] = [];
  const problems: string[] = [];
  let version = 0;
  try {
    version = reader.u32();
    if (version !== LINEAGE_VERSION) problems.push(`lineage version ${version} is not ${LINEAGE_VERSION}`);
    for (const nodeReader of readLengthPrefixedItems(reader, MAX_NODES)) {
      const offset = nodeReader.base;
      const signedData = readLengthPrefixed(nodeReader);
      const flags = nodeReader.u32();
      const signatureAlgorithmId = nodeReader.u32();
      const signature = readLengthPrefixed(nodeReader).bytes;
      const certificate = readLengthPrefixed(signedData).bytes;
      const signedAlgorithmId = signedData.u32();
      const node: LineageNode = { offset, certificate, signedAlgorithmId, flags, signatureAlgorithmId, signature };
      checkLink(nodes.at(-1), node, signedData.bytes, nodes.length, problems, keys);
      nodes.push(node);
    }
  } catch (error) {
    if (!(error instanceof OutOfBoundsError || error instanceof LengthPrefixError)) throw error;
    problems.push(`lineage malformed after ${nodes.length} node(s): ${error.message}`);
  }
  if (nodes.length === 0) problems.push('lineage has no certificates');
  return { version, nodes, problems };
}

function checkLink(
  previous: LineageNode | undefined,
  node: LineageNode,
  signedData: Uint8Array,
  index: number,
  problems: string[],
  keys: PublicKeys,
): void {
  if (previous === undefined) return;
  if (Buffer.from(previous.certificate).equals(Buffer.from(node.certificate))) {
    problems.push(`lineage certificate #${index + 1} repeats certificate #${index}`);
  }
  if (previous.signatureAlgorithmId !== node.signedAlgorithmId) {
    problems.push(
      `lineage certificate #${index + 1}: signed algorithm ${signatureAlgorithmName(node.signedAlgorithmId)} differs from ${signatureAlgorithmName(previous.signatureAlgorithmId)} declared by certificate #${index}`,
    );
  }
  const previousKey = certificatePublicKeyBytes(previous.certificate);
  if (previousKey === undefined) {
    problems.push(`lineage certificate #${index} is unreadable, so it cannot vouch for #${index + 1}`);
    return;
  }
  const check = verifySchemeSignature(node.signedAlgorithmId, previousKey, signedData, node.signature, keys);
  if (!check.ok) problems.push(`lineage certificate #${index + 1} is not vouched for by #${index}: ${check.reason}`);
}
