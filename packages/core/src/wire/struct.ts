import { FlyteValidationError } from "../errors/flyte-error.js";
import { setOwn } from "./set-own.js";
import { compareUtf8 } from "./sorted-record.js";

/** A JSON value: what `getCustom` returns and what a pod spec is made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

function sortedValue(value: unknown, path: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new FlyteValidationError(`${path}: ${value} cannot be written as JSON`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => sortedValue(item, `${path}[${i}]`));
  if (typeof value === "object") return toSortedJson(value as Record<string, unknown>, path);
  throw new FlyteValidationError(`${path}: a ${typeof value} cannot be written as JSON`);
}

/**
 * A deep copy of a JSON object with keys in UTF-8 order at every level and `undefined` properties
 * left out (as `JSON.stringify` does). protobuf-es holds `google.protobuf.Struct` fields as such
 * objects and writes their keys in this order, so the output is deterministic. (Keys that look like
 * array indices, `"0"`, `"42"`, always come first in a JavaScript object: for them the bytes can
 * differ from Python's sorted output; the decoded message is the same.)
 * @throws FlyteValidationError for values JSON cannot hold (functions, `NaN`, ...), naming the path.
 */
export function toSortedJson(json: Readonly<Record<string, unknown>>, path = "$"): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(json).sort(compareUtf8)) {
    const value = json[key];
    if (value !== undefined) setOwn(out, key, sortedValue(value, `${path}.${key}`));
  }
  return out;
}

/** A deep copy of a JSON object. */
export function cloneJson(json: JsonObject): JsonObject {
  return toSortedJson(json);
}
