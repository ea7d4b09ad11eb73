/**
 * annotations_directory_item, annotation_set_item, annotation_set_ref_list
 * and annotation_item (DEX spec "annotations_directory_item" ff.). They carry
 * evidence code alone does not show: `@JavascriptInterface` marks methods a
 * WebView page may call, `dalvik.annotation.Signature` keeps generic types.
 * Sets are cached by offset (d8 shares them; a hostile file may share one
 * huge set among every member).
 */
import { clampCount, OutOfBoundsError, type ByteReader } from '../binary/byte-reader.js';
import { DiagnosticSink } from '../diagnostics.js';
import type { WorkBudget } from './budget.js';
import { readEncodedAnnotation, type EncodedValue } from './encoded-value.js';

const DIRECTORY_HEADER_SIZE = 16;
const MEMBER_ANNOTATION_SIZE = 8;
const SIZE_FIELD = 4;
const OFFSET_ITEM_SIZE = 4;

export interface Annotation {
  /** Absolute offset of annotation_item. */
  readonly offset: number;
  /** 0 build, 1 runtime, 2 system (DEX spec VISIBILITY_*). */
  readonly visibility: number;
  readonly typeIndex: number;
  readonly elements: readonly { readonly nameIndex: number; readonly value: EncodedValue }[];
}

export interface AnnotationsDirectory {
  /** Absolute offset of annotations_directory_item. */
  readonly offset: number;
  /** Absolute offset of the class annotation_set_item, undefined when class_annotations_off is 0. */
  readonly classAnnotationsOffset: number | undefined;
  readonly classAnnotations: readonly Annotation[];
  readonly fields: readonly { readonly fieldIndex: number; readonly annotations: readonly Annotation[] }[];
  readonly methods: readonly { readonly methodIndex: number; readonly annotations: readonly Annotation[] }[];
  /** Per annotated method: one annotation list per parameter. */
  readonly parameters: readonly {
    readonly methodIndex: number;
    readonly parameters: readonly (readonly Annotation[])[];
  }[];
}

/**
 * One per dex: the set cache is shared by every directory, so a set's
 * anomalies are reported by the first directory that reads it.
 */
export class AnnotationReader {
  private readonly sets = new Map<number, readonly Annotation[]>();
  private sink: DiagnosticSink | undefined;

  constructor(
    private readonly reader: ByteReader,
    private readonly budget: WorkBudget,
  ) {}

  /** Charges one entry to the dex's work budget; false when it is spent. */
  private charge(units: number, position: number): boolean {
    return this.budget.spend(units, this.sink, this.reader.base + position);
  }

  /** annotations_directory_item at relative `position`; what was read before a problem is kept. */
  readDirectory(position: number, sink: DiagnosticSink): AnnotationsDirectory {
    this.sink = sink;
    const reader = this.reader;
    const classAnnotations: Annotation[] = [];
    const fields: { fieldIndex: number; annotations: readonly Annotation[] }[] = [];
    const methods: { methodIndex: number; annotations: readonly Annotation[] }[] = [];
    const parameters: { methodIndex: number; parameters: (readonly Annotation[])[] }[] = [];
    let classAnnotationsOffset: number | undefined;
    try {
      const classSet = reader.u32At(position);
      if (classSet !== 0) classAnnotationsOffset = reader.base + classSet;
      const declared = [reader.u32At(position + 4), reader.u32At(position + 8), reader.u32At(position + 12)] as const;
      let at = position + DIRECTORY_HEADER_SIZE;
      const count = (value: number, what: string): number => {
        let clamped = clampCount(value, reader.length - at, MEMBER_ANNOTATION_SIZE);
        if (!this.charge(clamped, at)) clamped = 0;
        if (clamped < value)
          this.sink?.add(
            'dex.annotations-count',
            reader.base + at,
            `${what}: ${value} declared, ${clamped} fit`,
            'error',
          );
        return clamped;
      };
      if (classSet !== 0) classAnnotations.push(...this.readSet(classSet));
      for (
        let index = 0, total = count(declared[0], 'annotated fields');
        index < total;
        index++, at += MEMBER_ANNOTATION_SIZE
      ) {
        fields.push({ fieldIndex: reader.u32At(at), annotations: this.readSet(reader.u32At(at + 4)) });
      }
      for (
        let index = 0, total = count(declared[1], 'annotated methods');
        index < total;
        index++, at += MEMBER_ANNOTATION_SIZE
      ) {
        methods.push({ methodIndex: reader.u32At(at), annotations: this.readSet(reader.u32At(at + 4)) });
      }
      for (
        let index = 0, total = count(declared[2], 'annotated parameters');
        index < total;
        index++, at += MEMBER_ANNOTATION_SIZE
      ) {
        parameters.push({ methodIndex: reader.u32At(at), parameters: this.readSetRefList(reader.u32At(at + 4)) });
      }
    } catch (error) {
      if (!(error instanceof OutOfBoundsError)) throw error;
      this.budget.fail(sink, error.offset);
      sink.add(
        'dex.annotations-truncated',
        error.offset,
        `annotations_directory_item at 0x${position.toString(16)} runs past the end of the dex`,
        'error',
      );
    }
    return { offset: reader.base + position, classAnnotationsOffset, classAnnotations, fields, methods, parameters };
  }

  /** annotation_set_ref_list: one annotation_set_item offset per parameter (0: none). */
  private readSetRefList(position: number): (readonly Annotation[])[] {
    const reader = this.reader;
    const declared = reader.u32At(position);
    let count = clampCount(declared, reader.length - position - SIZE_FIELD, OFFSET_ITEM_SIZE);
    if (!this.charge(count, position)) count = 0;
    const out: (readonly Annotation[])[] = [];
    for (let index = 0; index < count; index++) {
      const set = reader.u32At(position + SIZE_FIELD + index * OFFSET_ITEM_SIZE);
      out.push(set === 0 ? [] : this.readSet(set));
    }
    return out;
  }

  /** annotation_set_item at relative `position` (cached by offset). */
  readSet(position: number): readonly Annotation[] {
    const cached = this.sets.get(position);
    if (cached !== undefined) return cached;
    const annotations: Annotation[] = [];
    this.sets.set(position, annotations);
    const reader = this.reader;
    if (!reader.has(SIZE_FIELD, position)) {
      this.sink?.add(
        'dex.annotations-out-of-range',
        reader.base + position,
        `annotation_set_item at 0x${position.toString(16)} is outside the dex`,
        'error',
      );
      return annotations;
    }
    const declared = reader.u32At(position);
    let count = clampCount(declared, reader.length - position - SIZE_FIELD, OFFSET_ITEM_SIZE);
    if (!this.charge(count, position)) count = 0;
    if (count < declared)
      this.sink?.add(
        'dex.annotations-count',
        reader.base + position,
        `annotation set: ${declared} declared, ${count} fit`,
        'error',
      );
    for (let index = 0; index < count; index++) {
      const item = reader.u32At(position + SIZE_FIELD + index * OFFSET_ITEM_SIZE);
      const annotation = this.readItem(item);
      if (annotation !== undefined) annotations.push(annotation);
    }
    return annotations;
  }

  private readItem(position: number): Annotation | undefined {
    const reader = this.reader;
    if (!reader.has(1, position)) {
      this.sink?.add(
        'dex.annotations-out-of-range',
        reader.base + position,
        `annotation_item at 0x${position.toString(16)} is outside the dex`,
        'error',
      );
      return undefined;
    }
    const visibility = reader.u8At(position);
    if (!this.charge(0, position)) return undefined;
    const encoded = readEncodedAnnotation(
      reader,
      position + 1,
      this.sink ?? new DiagnosticSink(),
      `annotation at 0x${position.toString(16)}`,
    );
    this.charge(Math.max(1, reader.position - position), position);
    if (encoded === undefined) {
      this.budget.fail(this.sink, reader.base + position);
      return undefined;
    }
    return { offset: reader.base + position, visibility, typeIndex: encoded.typeIndex, elements: encoded.elements };
  }
}
