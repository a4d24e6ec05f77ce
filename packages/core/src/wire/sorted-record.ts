import { setOwn } from "./set-own.js";

/**
 * Deterministic protobuf output: protobuf-es writes map entries in `Object.keys` order, so every map
 * we build goes through {@link sortedRecord}, which orders keys as deterministic protobuf encoders
 * (Go, Python upb) do: by their UTF-8 bytes.
 */

/** Compares two strings by their UTF-8 bytes (code point order), not by UTF-16 units. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates encode code points above 0xFFFF, which sort after 0xE000-0xFFFF in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs && !ys && y >= 0xe000) return 1;
    if (ys && !xs && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Keys that JavaScript objects always enumerate first, in numeric order ("0", "1", "42"). */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/** Sorts keys in place into UTF-8 byte order (plain UTF-16 order when no key has a surrogate pair). */
export function sortKeys(keys: string[]): string[] {
  if (keys.some((key) => SURROGATE.test(key))) return keys.sort(compareUtf8);
  return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `record` seen with `keys` as its key order. Keys that look like array indices cannot be
 * reordered in a plain object, so such records are wrapped in a view that lists keys in order.
 */
export function inKeyOrder<V>(record: Record<string, V>, keys: readonly string[]): Record<string, V> {
  if (!keys.some((key) => ARRAY_INDEX.test(key))) return record;
  const order = [...keys];
  return new Proxy(record, { ownKeys: () => order });
}

/** A record whose keys enumerate in UTF-8 byte order (see {@link sortKeys} and {@link inKeyOrder}). */
export function sortedRecord<V>(
  entries: Iterable<readonly [string, V]> | Readonly<Record<string, V>>,
): Record<string, V> {
  const source = new Map<string, V>(
    Symbol.iterator in entries
      ? (entries as Iterable<readonly [string, V]>)
      : Object.entries(entries as Record<string, V>),
  );
  const keys = sortKeys([...source.keys()]);
  const record: Record<string, V> = {};
  for (const key of keys) setOwn(record, key, source.get(key) as V);
  return inKeyOrder(record, keys);
}
