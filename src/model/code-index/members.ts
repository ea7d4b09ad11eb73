/**
 * Methods or fields of the whole app. A member is keyed by numbers, not by
 * its text: (class type id, name string id, shape id), where the shape is the
 * proto (methods) or the field type. The smali spelling (`Lcom/a/B;->m(I)V`,
 * `Lcom/a/B;->f:I`) is built only when a query asks for it.
 */
import type { ClassHierarchy } from './hierarchy.js';
import { Int32Column, type Interner } from './interner.js';

/** ACC_INTERFACE (dex-format, access_flags). */
const ACC_INTERFACE = 0x200;
/** Separator of the smali member spelling `Lclass;->member`. */
const MEMBER_SEPARATOR = '->';
/** find()'s remembered answer for a signature no member has. */
const NOT_FOUND = -1;
/** Most signatures find() remembers (a query per method of the app at most; past it, it starts afresh). */
const MAX_REMEMBERED_FINDS = 1 << 17;
/** Initial slots of the member hash table (a power of two). */
const INITIAL_SLOTS = 64;
/** Odd multipliers that spread the three ids over the slots (the 32-bit golden ratio and MurmurHash3's constants). */
const CLASS_MULTIPLIER = 0x9e3779b1;
const NAME_MULTIPLIER = 0x85ebca77;
const SHAPE_MULTIPLIER = 0xc2b2ae3d;

export type MemberKind = 'method' | 'field';

/** `values` copied into an array of at least `size` slots (twice its length, or more), the rest undefined. */
function grown(values: readonly (string | undefined)[], size: number): (string | undefined)[] {
  const copy = new Array<string | undefined>(Math.max(size, values.length * 2)).fill(undefined);
  for (let index = 0; index < values.length; index++) copy[index] = values[index];
  return copy;
}

/** The key's hash (int32, as stored in a slot; its low bits pick the first slot). */
function keyHash(classType: number, name: number, shape: number): number {
  const mixed =
    (Math.imul(classType, CLASS_MULTIPLIER) ^ Math.imul(name, NAME_MULTIPLIER) ^ Math.imul(shape, SHAPE_MULTIPLIER)) >>>
    0;
  return (mixed ^ (mixed >>> 16)) | 0;
}

/** Int32s per slot: the key's hash, then the member id plus one (0: empty). */
const SLOT_FIELDS = 2;

/**
 * Members keyed by (class, name, shape) in an open-addressing hash table of
 * member ids (linear probing; the keys live in the id columns). A Map per
 * class held 16,000 Maps and a heap number per key on Appium's server.
 */
export class MemberTable {
  /**
   * Slots of SLOT_FIELDS: (hash, id + 1), all zero when empty (as allocated: never filled). A probe
   * passes a slot of another hash without reading the three key columns (a cache miss each).
   */
  private slots: Int32Array;
  readonly classType: Int32Column;
  readonly nameId: Int32Column;
  readonly shapeId: Int32Column;
  /** member id -> dex position of its definition; -1 when only referenced. */
  readonly definingDex: Int32Column;
  private readonly resolvedTo: Int32Column;
  /** resolved id -> ids that resolve to it (other than itself). */
  readonly resolvedFrom = new Map<number, number[]>();
  size = 0;
  /**
   * Spellings built so far, by member id. Sized to the ids before the first store: members are
   * spelled in query order, and a store far past the end of an empty array turned it into a
   * dictionary (a hash table of numbered entries) for the rest of the app.
   */
  private signatures: Array<string | undefined> = [];
  /** find()'s answers by signature (NOT_FOUND: none), forgotten when a member is added. */
  private readonly found = new Map<string, number>();

  /**
   * @param names  interner of member names (the app-wide string interner)
   * @param types  interner of type descriptors
   * @param shapes interner of proto descriptors (methods) or the types interner (fields)
   * @param expected members expected (the id tables' sizes): the table is sized once
   *   instead of rehashed a dozen times (rehashing was a fifth of the table's cost on Appium's server)
   */
  constructor(
    readonly kind: MemberKind,
    private readonly names: Interner,
    private readonly types: Interner,
    private readonly shapes: Interner,
    expected = 0,
  ) {
    let slots = INITIAL_SLOTS;
    while (slots < expected * 2) slots *= 2;
    this.slots = new Int32Array(slots * SLOT_FIELDS);
    const capacity = expected > 0 ? expected : undefined;
    this.classType = new Int32Column(capacity);
    this.nameId = new Int32Column(capacity);
    this.shapeId = new Int32Column(capacity);
    this.definingDex = new Int32Column(capacity);
    this.resolvedTo = new Int32Column(capacity);
  }

  /** The id of (class, name, shape), adding it when new. */
  intern(classType: number, name: number, shape: number): number {
    const hash = keyHash(classType, name, shape);
    const slot = this.slotOf(hash, classType, name, shape);
    const found = (this.slots[slot * SLOT_FIELDS + 1] as number) - 1;
    if (found >= 0) return found;
    const id = this.size++;
    // A member added after a query (resolution during the build) may answer a remembered miss.
    if (this.found.size > 0) this.found.clear();
    this.classType.set(id, classType);
    this.nameId.set(id, name);
    this.shapeId.set(id, shape);
    this.slots[slot * SLOT_FIELDS] = hash;
    this.slots[slot * SLOT_FIELDS + 1] = id + 1;
    // Load factor at most one half keeps probe runs short.
    if (this.size * 2 * SLOT_FIELDS > this.slots.length) this.rehash();
    return id;
  }

  lookup(classType: number, name: number, shape: number): number | undefined {
    const slot = this.slotOf(keyHash(classType, name, shape), classType, name, shape);
    const found = (this.slots[slot * SLOT_FIELDS + 1] as number) - 1;
    return found >= 0 ? found : undefined;
  }

  /** The slot holding (class, name, shape) (of hash `hash`), or the empty slot where it would go. */
  private slotOf(hash: number, classType: number, name: number, shape: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    // Every id in the slots is below size, so within the columns' storage (values stored plus one).
    const classes = this.classType.storedPlusOne;
    const names = this.nameId.storedPlusOne;
    const shapes = this.shapeId.storedPlusOne;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (slots[slot * SLOT_FIELDS + 1] as number) - 1;
      if (id < 0) return slot;
      if (
        slots[slot * SLOT_FIELDS] === hash &&
        classes[id] === classType + 1 &&
        names[id] === name + 1 &&
        shapes[id] === shape + 1
      )
        return slot;
    }
  }

  /** Twice the slots; each entry moves by its stored hash (the key columns are not read). */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    // Ids are distinct: each goes to the first empty slot of its run.
    for (let from = 0; from < old.length; from += SLOT_FIELDS) {
      const stored = old[from + 1] as number;
      if (stored === 0) continue;
      const hash = old[from] as number;
      let slot = hash & mask;
      while (slots[slot * SLOT_FIELDS + 1] !== 0) slot = (slot + 1) & mask;
      slots[slot * SLOT_FIELDS] = hash;
      slots[slot * SLOT_FIELDS + 1] = stored;
    }
    this.slots = slots;
  }

  /** smali spelling of member `id` (built once per member: every use of a caller or target asks again). */
  signature(id: number): string {
    const known = this.signatures[id];
    if (known !== undefined) return known;
    const spelled = this.spell(id);
    if (id >= 0 && id < this.size) {
      // Doubled when members were added since (a diagnostic spells one while the build adds them).
      if (this.signatures.length < this.size) this.signatures = grown(this.signatures, this.size);
      this.signatures[id] = spelled;
    }
    return spelled;
  }

  private spell(id: number): string {
    const owner = this.types.value(this.classType.get(id)) ?? '?';
    const name = this.names.value(this.nameId.get(id)) ?? '?';
    const shape = this.shapes.value(this.shapeId.get(id)) ?? '?';
    return this.kind === 'method'
      ? `${owner}${MEMBER_SEPARATOR}${name}${shape}`
      : `${owner}${MEMBER_SEPARATOR}${name}:${shape}`;
  }

  /**
   * The id of a member spelled as smali does, when the code refers to it. Answers are
   * remembered: the data-flow analysis asks for the same signatures again and again (for
   * each method it runs and each call it meets), and a spelled signature is parsed, hashed
   * and compared part by part against the dex bytes.
   */
  find(signature: string): number | undefined {
    const known = this.found.get(signature);
    if (known !== undefined) return known < 0 ? undefined : known;
    const id = this.findUncached(signature);
    if (this.found.size >= MAX_REMEMBERED_FINDS) this.found.clear();
    this.found.set(signature, id ?? NOT_FOUND);
    return id;
  }

  private findUncached(signature: string): number | undefined {
    const separator = signature.indexOf(MEMBER_SEPARATOR);
    if (separator < 0) return undefined;
    const owner = this.types.findIn(signature, 0, separator);
    const nameStart = separator + MEMBER_SEPARATOR.length;
    // Member names cannot contain '(' or ':' (dex-format, SimpleName), so the first one splits name and shape.
    const split = signature.indexOf(this.kind === 'method' ? '(' : ':', nameStart);
    if (owner === undefined || split < 0) return undefined;
    const name = this.names.findIn(signature, nameStart, split);
    const shape = this.shapes.findIn(signature, this.kind === 'method' ? split : split + 1, signature.length);
    return name === undefined || shape === undefined ? undefined : this.lookup(owner, name, shape);
  }

  isDefined(id: number): boolean {
    return this.definingDex.get(id) >= 0;
  }

  resolved(id: number): number {
    const to = this.resolvedTo.get(id);
    return to < 0 ? id : to;
  }

  /**
   * Resolves every member referenced on an app class but not defined there
   * (JVMS 5.4.3.2 fields, 5.4.3.3 methods, as far as the app's own classes
   * show): the superclass chain first, then superinterfaces. A member not
   * found in the app resolves to the same member on the first ancestor the
   * app does not define (framework or an unshipped library):
   * `Lcom/app/Tm;->getDeviceId()` on a subclass of TelephonyManager becomes
   * TelephonyManager's.
   */
  resolve(hierarchy: ClassHierarchy): void {
    const count = this.size;
    // Superclass chains by owner: a class's inherited members are resolved against one chain
    // (a chain and a Set per member were most of this pass's allocation).
    const chains = new Map<number, number[]>();
    for (let id = 0; id < count; id++) {
      if (this.isDefined(id)) continue;
      const owner = this.classType.get(id);
      if (!hierarchy.isDefined(owner)) continue;
      let chain = chains.get(owner);
      if (chain === undefined) {
        chain = hierarchy.chain(owner).chain;
        chains.set(owner, chain);
      }
      const target = this.resolveOne(id, owner, chain, hierarchy);
      if (target === id) continue;
      this.resolvedTo.set(id, target);
      const from = this.resolvedFrom.get(target);
      if (from === undefined) this.resolvedFrom.set(target, [id]);
      else from.push(id);
    }
  }

  private resolveOne(id: number, owner: number, chain: readonly number[], hierarchy: ClassHierarchy): number {
    const name = this.nameId.get(id);
    const shape = this.shapeId.get(id);
    let externalSuperclass = -1;
    for (const ancestor of chain) {
      if (!hierarchy.isDefined(ancestor)) {
        externalSuperclass = ancestor;
        break;
      }
      const candidate = this.lookup(ancestor, name, shape);
      if (candidate !== undefined && this.isDefined(candidate)) return candidate;
    }
    // Superinterfaces, breadth first; `seen` bounds the walk on cyclic interface graphs.
    let externalInterface = -1;
    const queue: number[] = [];
    for (const member of chain)
      for (const implemented of hierarchy.interfaces.get(member) ?? []) queue.push(implemented);
    const seen = queue.length === 0 ? undefined : new Set<number>(chain);
    for (let head = 0; seen !== undefined && head < queue.length; head++) {
      const candidateType = queue[head] as number;
      if (seen.has(candidateType)) continue;
      seen.add(candidateType);
      if (!hierarchy.isDefined(candidateType)) {
        if (externalInterface < 0) externalInterface = candidateType;
        continue;
      }
      const candidate = this.lookup(candidateType, name, shape);
      if (candidate !== undefined && this.isDefined(candidate)) return candidate;
      for (const implemented of hierarchy.interfaces.get(candidateType) ?? []) queue.push(implemented);
    }
    // An interface's superclass is java.lang.Object: its external super-interface is the better answer.
    const ownerIsInterface = (hierarchy.accessFlags.get(owner) & ACC_INTERFACE) !== 0;
    const external =
      ownerIsInterface && externalInterface >= 0
        ? externalInterface
        : externalSuperclass >= 0
          ? externalSuperclass
          : externalInterface;
    return external < 0 ? id : this.intern(external, name, shape);
  }
}
