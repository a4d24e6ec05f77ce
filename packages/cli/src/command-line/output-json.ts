import { Duration, FlyteDirectory, FlyteFile } from "@flytekit-ts/core";

/**
 * A task's native outputs as JSON text: ints and floats as numbers, `bigint` as a string when
 * beyond a safe integer, dates as ISO 8601, durations as seconds, files and directories as their
 * paths, bytes as base64, maps as objects.
 */
export function outputsToJson(outputs: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(toJson(outputs), null, 2);
}

function toJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Duration) return Number(value.toNanos()) / 1e9;
  if (value instanceof FlyteFile || value instanceof FlyteDirectory) return value.path;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJson(v)]));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}
