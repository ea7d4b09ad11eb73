/** The DEX structure fixture built by test/dex/fixtures/build.sh, and a walker that touches every lazy part. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '../../support/corpus.js';
import type { DexFile } from '../../../src/formats/dex/index.js';

export function witnessDex(): Uint8Array {
  return new Uint8Array(readFileSync(join(repositoryRoot, 'test', 'dex', 'fixtures', 'witness.dex')));
}

/** Reads everything a consumer could ask for; returns a count so the work cannot be optimised away. */
export function exerciseDex(dex: DexFile): number {
  let touched = 0;
  for (let index = 0; index < dex.stringCount; index++) touched += dex.string(index).length;
  for (let index = 0; index < dex.typeCount; index++) touched += dex.javaTypeName(index).length;
  for (let index = 0; index < dex.protoCount; index++)
    touched += dex.protoDescriptor(index).length + dex.protoShorty(index).length;
  for (let index = 0; index < dex.fieldCount; index++) touched += dex.fieldSignature(index).length;
  for (let index = 0; index < dex.methodCount; index++)
    touched += dex.methodSignature(index).length + dex.methodJavaSignature(index).length;
  for (const classDef of dex.classDefs) {
    touched += dex.readStaticValues(classDef).value.length;
    const annotations = dex.readAnnotations(classDef).value;
    if (annotations)
      touched +=
        annotations.classAnnotations.length +
        annotations.fields.length +
        annotations.methods.length +
        annotations.parameters.length;
    for (const method of [
      ...(classDef.classData?.directMethods ?? []),
      ...(classDef.classData?.virtualMethods ?? []),
    ]) {
      if (method.code) {
        touched += dex.readTryBlocks(method.code).value.length + dex.instructionBytes(method.code).length;
        touched += dex.readDebugInfo(method.code).value?.positions.length ?? 0;
      }
    }
  }
  for (let index = 0; index < dex.callSiteOffsets.length; index++) touched += dex.readCallSite(index).value.length;
  touched += dex.strings.knownAnomalies().length;
  return touched;
}
