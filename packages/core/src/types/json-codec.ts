import { decode } from "@msgpack/msgpack";
import { FlyteTypeError } from "../errors/flyte-error.js";
import { setOwn } from "../wire/set-own.js";
import type { JsonObject } from "../wire/struct.js";
import { MsgpackWriter } from "./msgpack-writer.js";

const isPlain = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === "object" &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

function write(writer: MsgpackWriter, value: unknown, path: string): void {
  if (value === null) writer.nil();
  else if (typeof value === "boolean") writer.bool(value);
  else if (typeof value === "bigint") writer.int(value);
  else if (typeof value === "number") {
    // As Python's msgpack writes the same value read from JSON: integers as ints, others float64.
    // -0 stays a float: an int would lose its sign.
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) writer.int(value);
    else writer.float64(value);
  } else if (typeof value === "string") writer.str(value);
  else if (Array.isArray(value)) {
    writer.arrayHeader(value.length);
    for (let i = 0; i < value.length; i++) write(writer, value[i], `${path}[${i}]`);
  } else if (isPlain(value)) {
    // Properties set to undefined are left out, as JSON.stringify leaves them out.
    const keys = Object.keys(value).filter((key) => value[key] !== undefined);
    writer.mapHeader(keys.length);
    for (const key of keys) {
      writer.str(key);
      write(writer, value[key], `${path}[${JSON.stringify(key)}]`);
    }
  } else {
    const what =
      value === undefined
        ? "undefined"
        : value instanceof Date
          ? "a Date"
          : typeof value === "object"
            ? `a ${value.constructor?.name ?? "object"}`
            : typeof value;
    throw new FlyteTypeError(
      `${path}: a dict holds JSON values (null, booleans, numbers, strings, arrays, plain objects), not ${what}`,
    );
  }
}

/**
 * msgpack of an untyped dict, as flytekit writes one (`msgpack.dumps` of the Python dict): keys
 * in the object's order, integers in their smallest encoding, other numbers float64.
 * @throws FlyteTypeError naming the path of a value that is not JSON.
 */
export function encodeJsonObject(value: unknown, path: string): Uint8Array {
  if (!isPlain(value))
    throw new FlyteTypeError(
      `${path}: expected a dict (a plain object), got ${Array.isArray(value) ? "an array" : typeof value}`,
    );
  const writer = new MsgpackWriter();
  write(writer, value, path);
  return writer.finish();
}

/** Plain objects with own properties only (no prototype keys from untrusted data). */
function own(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(own);
  if (value !== null && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, own(item));
    return out;
  }
  return value;
}

/** The dict in msgpack bytes. @throws FlyteTypeError when they are not a msgpack map. */
export function decodeJsonObject(bytes: Uint8Array, path: string): JsonObject {
  let value: unknown;
  try {
    value = decode(bytes);
  } catch (error) {
    throw new FlyteTypeError(`${path}: the dict's msgpack does not decode (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Uint8Array)
    throw new FlyteTypeError(`${path}: expected a msgpack map for a dict`);
  return own(value) as JsonObject;
}
