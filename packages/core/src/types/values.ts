import { FlyteTypeError } from "../errors/flyte-error.js";
import { FlyteDirectory, FlyteFile } from "./blob.js";
import { describeType, type TypeDescriptor } from "./descriptor.js";
import { Duration } from "./duration.js";
import { INT64_MAX, INT64_MIN } from "./int.js";

/** The most characters of a value (or a name from the data) quoted in an error message. */
export const QUOTE_LIMIT = 60;

/**
 * `text` as a JSON string, cut to `limit` characters: values and names quoted in error messages
 * come from data (inputs, literals), so a 100 MB string must not become a 100 MB message.
 */
export function quote(text: string, limit = QUOTE_LIMIT): string {
  if (text.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, limit))}... (${text.length} characters)`;
}

/** A short rendering of a value for error messages: `boolean true`, `number 1.5`, `string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return `string ${quote(value, 40)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  if (typeof value === "bigint") return `bigint ${value}n`;
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? "an invalid Date" : `Date ${value.toISOString()}`;
  if (typeof value === "object") return `${value.constructor?.name ?? "object"} ${safeJson(value)}`;
  return typeof value;
}

function safeJson(value: object): string {
  try {
    const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${v}n` : v));
    return text === undefined ? "" : text.length > 60 ? `${text.slice(0, 60)}...` : text;
  } catch {
    return "";
  }
}

/** The error for a value that does not fit its descriptor; `path` names where it is. */
export function mismatch(path: string, descriptor: TypeDescriptor, value: unknown, why = ""): FlyteTypeError {
  return new FlyteTypeError(
    `${path}: expected ${describeType(descriptor)}, got ${describeValue(value)}${why === "" ? "" : ` (${why})`}`,
  );
}

/** An own property of `object` (never one inherited, such as `__proto__`). */
export function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A plain object (not an array, Date, Map, class instance of ours, ...). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A `number` that is a safe integer, or a `bigint` in the int64 range. */
export function isFlyteInt(value: unknown): value is number | bigint {
  if (typeof value === "number") return Number.isSafeInteger(value);
  return typeof value === "bigint" && value >= INT64_MIN && value <= INT64_MAX;
}

/** The keys of a map value (a `Map` with string keys, or a plain object), or `undefined` for anything else. */
export function mapKeys(value: unknown): string[] | undefined {
  if (value instanceof Map) {
    const keys: string[] = [];
    for (const key of value.keys()) {
      if (typeof key !== "string") return undefined;
      keys.push(key);
    }
    return keys;
  }
  return isPlainObject(value) ? Object.keys(value) : undefined;
}

/** The entry `key` of a map value accepted by {@link mapKeys}. */
export function mapGet(value: unknown, key: string): unknown {
  return value instanceof Map ? value.get(key) : ownValue(value as Record<string, unknown>, key);
}

/** Entries of a map value: a `Map` with string keys or a plain object. */
export function mapEntries(value: unknown): [string, unknown][] | undefined {
  const keys = mapKeys(value);
  return keys?.map((key) => [key, mapGet(value, key)]);
}

/**
 * Whether `value` fits `descriptor`. `exact` leaves out the lenient matches (an integral `number`
 * for a float), so a union can prefer the variant that fits exactly.
 */
export function fits(descriptor: TypeDescriptor, value: unknown, exact = false): boolean {
  switch (descriptor.kind) {
    case "int":
      return isFlyteInt(value);
    case "float":
      return typeof value === "number" && !(exact && Number.isInteger(value));
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "datetime":
      return value instanceof Date && !Number.isNaN(value.getTime());
    case "duration":
      return value instanceof Duration;
    case "none":
      return value === null || value === undefined;
    case "binary":
      return value instanceof Uint8Array;
    case "enum":
      return typeof value === "string" && descriptor.values.includes(value);
    case "file":
      return value instanceof FlyteFile;
    case "directory":
      return value instanceof FlyteDirectory;
    case "list":
      return Array.isArray(value) && value.every((item) => fits(descriptor.of, item, exact));
    case "map": {
      const entries = mapEntries(value);
      return entries?.every(([, item]) => fits(descriptor.of, item, exact)) ?? false;
    }
    case "union":
      return descriptor.variants.some((variant) => fits(variant, value, exact));
    case "dict":
      return isPlainObject(value);
    case "struct": {
      if (!isPlainObject(value)) return false;
      const names = new Set(descriptor.fields.map((field) => field.name));
      if (Object.keys(value).some((key) => !names.has(key) && value[key] !== undefined)) return false;
      return descriptor.fields.every((field) => fits(field.type, ownValue(value, field.name), exact));
    }
  }
}

/**
 * The variant of a union that `value` is written as: the only one it fits, or the only one it fits
 * exactly. @throws FlyteTypeError when none fits, or several fit equally (flytekit's "Ambiguous
 * choice of variant for union type.").
 */
export function chooseVariant(
  descriptor: Extract<TypeDescriptor, { kind: "union" }>,
  value: unknown,
  path: string,
): TypeDescriptor {
  const fitting = descriptor.variants.filter((variant) => fits(variant, value));
  if (fitting.length === 1 && fitting[0] !== undefined) return fitting[0];
  if (fitting.length === 0) throw mismatch(path, descriptor, value);
  const exact = fitting.filter((variant) => fits(variant, value, true));
  if (exact.length === 1 && exact[0] !== undefined) return exact[0];
  throw new FlyteTypeError(
    `${path}: Ambiguous choice of variant for union type. ${describeValue(value)} fits ${fitting.map(describeType).join(" and ")}`,
  );
}
