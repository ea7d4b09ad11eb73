/**
 * class_def_item (DEX spec "class_def_item") and the interfaces type_list it
 * points at. Each class def is read on its own: a broken one becomes a
 * diagnostic and the others are still read.
 */
import { OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type { ClassDataReader } from './class-data.js';
import { CLASS_DEF_ITEM_SIZE, NO_INDEX } from './constants.js';
import type { MemberColumns } from './member-columns.js';
import type { TypeListReader } from './type-lists.js';
import type { ClassDataSpan } from './types.js';
import type { ClassData, ClassDef, DexHeader } from './types.js';

/**
 * A class_def_item. Its members live in the dex's MemberColumns; `classData`
 * builds their objects on each access (callers that need one class keep the
 * result; the code index reads the columns through `classDataSpan`).
 */
class ClassDefRecord implements ClassDef {
  readonly #members: MemberColumns;
  constructor(
    readonly index: number,
    readonly offset: number,
    readonly classIndex: number,
    readonly accessFlags: number,
    readonly superclassIndex: number | undefined,
    readonly interfacesOffset: number | undefined,
    readonly interfaceIndexes: readonly number[],
    readonly sourceFileIndex: number | undefined,
    readonly annotationsOffset: number | undefined,
    readonly classDataOffset: number | undefined,
    readonly staticValuesOffset: number | undefined,
    readonly classDataSpan: ClassDataSpan | undefined,
    members: MemberColumns,
  ) {
    this.#members = members;
  }

  get classData(): ClassData | undefined {
    return this.classDataSpan === undefined ? undefined : this.#members.classData(this.classDataSpan);
  }
}

function optionalIndex(value: number): number | undefined {
  return value === NO_INDEX ? undefined : value;
}

export function readClassDefs(
  reader: ByteReader,
  header: DexHeader,
  count: number,
  typeCount: number,
  classData: ClassDataReader,
  typeLists: TypeListReader,
  sink: DiagnosticSink,
): ClassDef[] {
  const base = reader.base;
  const start = header.classDefs.offset - base;
  const classes: ClassDef[] = [];
  const optionalOffset = (value: number): number | undefined => (value === 0 ? undefined : base + value);
  // ART's class linker uses the first definition of a class and ignores later ones
  // (DexFileVerifier rejects duplicates in one dex); a second body is hidden code.
  const defined = new Set<number>();
  for (let index = 0; index < count; index++) {
    const position = start + index * CLASS_DEF_ITEM_SIZE;
    try {
      const classIndex = reader.u32At(position);
      const superclass = reader.u32At(position + 8);
      const interfacesOff = reader.u32At(position + 12);
      const classDataOff = reader.u32At(position + 24);
      if (classIndex >= typeCount) {
        sink.add(
          'dex.index-out-of-range',
          base + position,
          `class_def ${index}: class_idx ${classIndex} >= ${typeCount} type_ids`,
          'error',
        );
      }
      if (defined.has(classIndex)) {
        sink.add(
          'dex.duplicate-class',
          base + position,
          `class_def ${index} defines type ${classIndex} again; Android uses the first definition`,
          'warning',
        );
      }
      defined.add(classIndex);
      if (superclass === classIndex) {
        sink.add(
          'dex.self-superclass',
          base + position + 8,
          `class_def ${index} names itself as its superclass`,
          'error',
        );
      }
      if (superclass !== NO_INDEX && superclass >= typeCount) {
        sink.add(
          'dex.index-out-of-range',
          base + position + 8,
          `class_def ${index}: superclass_idx ${superclass} >= ${typeCount} type_ids`,
          'error',
        );
      }
      const resume = reader.position;
      classes.push(
        new ClassDefRecord(
          index,
          base + position,
          classIndex,
          reader.u32At(position + 4),
          optionalIndex(superclass),
          optionalOffset(interfacesOff),
          interfacesOff === 0 ? [] : typeLists.at(interfacesOff, () => `class_def ${index} interfaces`),
          optionalIndex(reader.u32At(position + 16)),
          optionalOffset(reader.u32At(position + 20)),
          optionalOffset(classDataOff),
          optionalOffset(reader.u32At(position + 28)),
          classDataOff === 0 ? undefined : classData.read(classDataOff),
          classData.members,
        ),
      );
      reader.position = resume;
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      sink.add('dex.class-def-truncated', error.offset, `class_def ${index} runs past the end of the dex`, 'error');
      break;
    }
  }
  return classes;
}
