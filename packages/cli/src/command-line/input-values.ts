/**
 * Task inputs from the command line: `--<input> value` text and `--inputs` JSON, read against the
 * task's declared types (ints, floats, booleans, dates, durations, enums, files as paths; lists,
 * maps and structs as JSON).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Duration, FlyteDirectory, FlyteFile, type TypeDescriptor } from "@flytekit-ts/core";
import { describeType, parseIsoDatetime } from "@flytekit-ts/core/internal";
import { UsageError } from "@flytekit-ts/runtime/internal";

/** A value that does not read as its input's type: a usage error (exit 2). */
export class InputValueError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = "InputValueError";
  }
}

const INTEGER = /^[+-]?\d+$/;
const TRUE = new Set(["true", "t", "yes", "y", "1", "on"]);
const FALSE = new Set(["false", "f", "no", "n", "0", "off"]);
const ISO_DURATION =
  /^([+-])?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const COMPACT_PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/gy;
const UNIT_SECONDS: Readonly<Record<string, number>> = { d: 86_400, h: 3_600, m: 60, s: 1, ms: 0.001 };

function fail(path: string, descriptor: TypeDescriptor, shown: string, why = ""): never {
  throw new InputValueError(
    `${path}: expected ${describeType(descriptor)}, got ${shown}${why === "" ? "" : ` (${why})`}`,
  );
}

/** `PT1H30M`, `1h30m`, `90s`, `250ms`, `2d`, or a number of seconds. */
export function parseDuration(text: string): Duration | undefined {
  const trimmed = text.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(trimmed)) return Duration.ofSeconds(Number(trimmed));
  const iso = ISO_DURATION.exec(trimmed);
  if (iso !== null && trimmed.length > 2 && !/T$/i.test(trimmed)) {
    const [, sign, days = "0", hours = "0", minutes = "0", seconds = "0"] = iso;
    const total = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
    return Duration.ofSeconds(sign === "-" ? -total : total);
  }
  let rest = trimmed;
  let negative = false;
  if (rest.startsWith("-")) {
    negative = true;
    rest = rest.slice(1);
  }
  COMPACT_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = COMPACT_PART.exec(rest); match !== null; match = COMPACT_PART.exec(rest)) {
    total += Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
    consumed = COMPACT_PART.lastIndex;
  }
  if (consumed === 0 || consumed !== rest.length) return undefined;
  return Duration.ofSeconds(negative ? -total : total);
}

/** A local path (which must exist) or a URI, as a file or directory input. */
function blob(descriptor: TypeDescriptor & { kind: "file" | "directory" }, text: string, path: string) {
  const isUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!isUri && !existsSync(text)) fail(path, descriptor, JSON.stringify(text), "no such file or directory");
  const location = isUri ? text : resolve(text);
  return descriptor.kind === "file"
    ? new FlyteFile(location, descriptor.format)
    : new FlyteDirectory(location, descriptor.format);
}

function parseJson(text: string, path: string, descriptor: TypeDescriptor): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(path, descriptor, JSON.stringify(text), "not valid JSON");
  }
}

/** Reads the text of `--<input> text` as `descriptor`. @throws InputValueError naming `path`. */
export function parseCliValue(descriptor: TypeDescriptor, text: string, path: string): unknown {
  switch (descriptor.kind) {
    case "string":
      return text;
    case "list":
    case "map":
    case "struct":
    case "dict":
      return fromJsonValue(descriptor, parseJson(text, path, descriptor), path);
    case "union": {
      if (/^(null|none)$/i.test(text) && descriptor.variants.some((v) => v.kind === "none")) return null;
      for (const variant of descriptor.variants) {
        if (variant.kind === "none") continue;
        try {
          return parseCliValue(variant, text, path);
        } catch (error) {
          if (!(error instanceof InputValueError)) throw error;
        }
      }
      return fail(path, descriptor, JSON.stringify(text));
    }
    case "none":
      if (/^(null|none|)$/i.test(text)) return null;
      return fail(path, descriptor, JSON.stringify(text));
    default:
      return scalar(descriptor, text, path, JSON.stringify(text));
  }
}

/** Scalars from text (CLI values, or JSON strings where a scalar is expected). */
function scalar(descriptor: TypeDescriptor, text: string, path: string, shown: string): unknown {
  switch (descriptor.kind) {
    case "int": {
      if (!INTEGER.test(text)) return fail(path, descriptor, shown);
      const value = BigInt(text);
      if (descriptor.bigint === true) return value;
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        return fail(path, descriptor, shown, "beyond a safe integer: declare the input as bigint");
      }
      return Number(value);
    }
    case "float": {
      const value = Number(text);
      if (text.trim() === "" || (Number.isNaN(value) && text !== "NaN")) return fail(path, descriptor, shown);
      return value;
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return true;
      if (FALSE.has(lower)) return false;
      return fail(path, descriptor, shown, "use true or false");
    }
    case "datetime": {
      // ISO 8601 keeps its microseconds (a PreciseDate); other forms are what Date reads.
      const iso = parseIsoDatetime(text);
      if (iso !== undefined) return iso;
      const value = new Date(text);
      if (text.trim() === "" || Number.isNaN(value.getTime()))
        return fail(path, descriptor, shown, "use ISO 8601");
      return value;
    }
    case "duration":
      return parseDuration(text) ?? fail(path, descriptor, shown, "use 1h30m, 90s, 250ms or PT1H30M");
    case "enum":
      if (!descriptor.values.includes(text)) return fail(path, descriptor, shown);
      return text;
    case "file":
    case "directory":
      return blob(descriptor, text, path);
    case "binary":
      return new Uint8Array(Buffer.from(text, "base64"));
    case "string":
      return text;
    default:
      return fail(path, descriptor, shown);
  }
}

/** Reads a JSON value as `descriptor` (for `--inputs` and JSON-typed CLI values). @throws InputValueError. */
export function fromJsonValue(descriptor: TypeDescriptor, value: unknown, path: string): unknown {
  const shown = JSON.stringify(value) ?? String(value);
  switch (descriptor.kind) {
    case "none":
      return value === null ? null : fail(path, descriptor, shown);
    case "int":
      if (typeof value === "number" && Number.isInteger(value)) {
        if (descriptor.bigint === true) return BigInt(value);
        if (!Number.isSafeInteger(value))
          return fail(path, descriptor, shown, "beyond a safe integer: pass it as a string");
        return value;
      }
      return typeof value === "string"
        ? scalar(descriptor, value, path, shown)
        : fail(path, descriptor, shown);
    case "float":
      return typeof value === "number" ? value : fail(path, descriptor, shown);
    case "boolean":
      return typeof value === "boolean" ? value : fail(path, descriptor, shown);
    case "string":
      return typeof value === "string" ? value : fail(path, descriptor, shown);
    case "datetime":
      if (typeof value === "number") return new Date(value);
      return typeof value === "string"
        ? scalar(descriptor, value, path, shown)
        : fail(path, descriptor, shown);
    case "duration":
      if (typeof value === "number") return Duration.ofSeconds(value);
      return typeof value === "string"
        ? scalar(descriptor, value, path, shown)
        : fail(path, descriptor, shown);
    case "enum":
    case "file":
    case "directory":
    case "binary":
      return typeof value === "string"
        ? scalar(descriptor, value, path, shown)
        : fail(path, descriptor, shown);
    case "list":
      if (!Array.isArray(value)) return fail(path, descriptor, shown);
      return value.map((item, index) => fromJsonValue(descriptor.of, item, `${path}[${index}]`));
    case "map":
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return fail(path, descriptor, shown);
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          fromJsonValue(descriptor.of, item, `${path}.${key}`),
        ]),
      );
    case "dict":
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return fail(path, descriptor, shown);
      return value;
    case "struct": {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return fail(path, descriptor, shown);
      const record = value as Record<string, unknown>;
      const names = new Set(descriptor.fields.map((field) => field.name));
      const unknown = Object.keys(record).filter((key) => !names.has(key));
      if (unknown.length > 0) return fail(path, descriptor, shown, `unknown field(s) ${unknown.join(", ")}`);
      const out: Record<string, unknown> = {};
      for (const field of descriptor.fields) {
        if (Object.hasOwn(record, field.name)) {
          out[field.name] = fromJsonValue(field.type, record[field.name], `${path}.${field.name}`);
        }
      }
      return out;
    }
    case "union": {
      for (const variant of descriptor.variants) {
        try {
          return fromJsonValue(variant, value, path);
        } catch (error) {
          if (!(error instanceof InputValueError)) throw error;
        }
      }
      return fail(path, descriptor, shown);
    }
  }
}
