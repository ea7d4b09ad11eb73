/**
 * JSON rendering of model objects: byte arrays and Maps never leak into output, and
 * strings are emitted as JSON escapes them (control characters become \uXXXX).
 */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (item instanceof Uint8Array) return { bytes: item.byteLength };
      if (item instanceof Map) return Object.fromEntries(item as Map<string, unknown>);
      if (item instanceof Set) return [...(item as Set<unknown>)];
      if (typeof item === 'bigint') return item.toString();
      return item;
    },
    2,
  );
}
