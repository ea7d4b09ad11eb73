/**
 * Type descriptors (DEX spec "TypeDescriptor semantics") and their Java-style
 * spellings as dexdump prints them (art/dexdump/dexdump.cc descriptorToDot:
 * `Ljava/lang/String;` is `java.lang.String`, `[I` is `int[]`; `$` is kept).
 */

const PRIMITIVE_NAMES: Readonly<Record<string, string>> = {
  V: 'void',
  Z: 'boolean',
  B: 'byte',
  S: 'short',
  C: 'char',
  I: 'int',
  J: 'long',
  F: 'float',
  D: 'double',
};

/** Java-style name of a descriptor; an ill-formed descriptor is returned unchanged. */
export function descriptorToJavaName(descriptor: string): string {
  let dimensions = 0;
  while (descriptor.charCodeAt(dimensions) === 0x5b /* [ */) dimensions++;
  const element = descriptor.slice(dimensions);
  let name: string;
  if (element.length === 1 && PRIMITIVE_NAMES[element] !== undefined) {
    name = PRIMITIVE_NAMES[element];
  } else if (element.length >= 2 && element.startsWith('L') && element.endsWith(';')) {
    name = element.slice(1, -1).replaceAll('/', '.');
  } else {
    return descriptor;
  }
  return dimensions === 0 ? name : name + '[]'.repeat(dimensions);
}

/** Package part of a class descriptor in Java form (`Lcom/a/B;` is `com.a`, default package is ''). */
export function descriptorPackage(descriptor: string): string {
  const java = descriptorToJavaName(descriptor);
  const dot = java.lastIndexOf('.');
  return dot < 0 ? '' : java.slice(0, dot);
}

/** Simple class name as dexdump's XML output prints it (`Lcom/a/B$C;` is `B$C`). */
export function descriptorSimpleName(descriptor: string): string {
  const java = descriptorToJavaName(descriptor);
  return java.slice(java.lastIndexOf('.') + 1);
}

/** True for a syntactically valid field type descriptor (DEX spec FieldTypeDescriptor). */
export function isValidTypeDescriptor(descriptor: string): boolean {
  let dimensions = 0;
  while (descriptor.charCodeAt(dimensions) === 0x5b) dimensions++;
  // DEX spec: at most 255 array dimensions.
  if (dimensions > 255) return false;
  const element = descriptor.slice(dimensions);
  if (element.length === 1) return 'ZBSCIJFD'.includes(element) || (dimensions === 0 && element === 'V');
  return element.length >= 3 && element.startsWith('L') && element.endsWith(';') && !element.includes('.');
}
