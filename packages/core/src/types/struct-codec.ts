import { decode } from "@msgpack/msgpack";
import { FlyteTypeError } from "../errors/flyte-error.js";
import { setOwn } from "../wire/set-own.js";
import { FlyteDirectory, FlyteFile } from "./blob.js";
import { blobFromUri, blobUriOf } from "./blob-localizer.js";
import type { StructDescriptor, TypeDescriptor } from "./descriptor.js";
import { Duration } from "./duration.js";
import { Int } from "./int.js";
import { MsgpackWriter } from "./msgpack-writer.js";
import { PreciseDate, parseIsoDatetime } from "./precise-date.js";
import {
  chooseVariant,
  describeValue,
  isFlyteInt,
  isPlainObject,
  mapEntries,
  mismatch,
  ownValue,
  quote,
} from "./values.js";

/**
 * A UTC instant as Python's `datetime.isoformat()` of an aware UTC datetime writes it: microseconds
 * when there are any (a {@link PreciseDate} keeps them; nanoseconds below are cut, as Python has none).
 */
export function pythonIsoformat(date: Date): string {
  const iso = date.toISOString(); // 2024-01-02T03:04:05.678Z
  const micros =
    date.getUTCMilliseconds() * 1000 +
    (date instanceof PreciseDate ? Math.floor(date.subMillisecondNanos / 1000) : 0);
  const base = iso.slice(0, 19);
  return `${base}${micros === 0 ? "" : `.${String(micros).padStart(6, "0")}`}+00:00`;
}

function write(writer: MsgpackWriter, descriptor: TypeDescriptor, value: unknown, path: string): void {
  switch (descriptor.kind) {
    case "int":
      if (!isFlyteInt(value)) throw mismatch(path, descriptor, value);
      writer.int(value);
      return;
    case "float":
      if (typeof value !== "number") throw mismatch(path, descriptor, value);
      writer.float64(value);
      return;
    case "string":
      if (typeof value !== "string") throw mismatch(path, descriptor, value);
      writer.str(value);
      return;
    case "enum":
      if (typeof value !== "string" || !descriptor.values.includes(value))
        throw mismatch(path, descriptor, value);
      writer.str(value);
      return;
    case "boolean":
      if (typeof value !== "boolean") throw mismatch(path, descriptor, value);
      writer.bool(value);
      return;
    case "datetime":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw mismatch(path, descriptor, value);
      writer.str(pythonIsoformat(value));
      return;
    case "duration":
      if (!(value instanceof Duration)) throw mismatch(path, descriptor, value);
      // mashumaro writes a timedelta as its total seconds.
      writer.float64(value.toSeconds());
      return;
    case "none":
      if (value !== null && value !== undefined) throw mismatch(path, descriptor, value);
      writer.nil();
      return;
    case "binary":
      if (!(value instanceof Uint8Array)) throw mismatch(path, descriptor, value);
      writer.bin(value);
      return;
    case "file":
    case "directory": {
      const ok = descriptor.kind === "file" ? value instanceof FlyteFile : value instanceof FlyteDirectory;
      if (!ok) throw mismatch(path, descriptor, value);
      writer.mapHeader(1);
      writer.str("path");
      writer.str(blobUriOf(value as FlyteFile));
      return;
    }
    case "list":
      if (!Array.isArray(value)) throw mismatch(path, descriptor, value);
      writer.arrayHeader(value.length);
      for (let i = 0; i < value.length; i++) write(writer, descriptor.of, value[i], `${path}[${i}]`);
      return;
    case "map": {
      const entries = mapEntries(value);
      if (entries === undefined)
        throw mismatch(path, descriptor, value, "Flyte MapType expects all keys to be strings");
      writer.mapHeader(entries.length);
      for (const [key, item] of entries) {
        writer.str(key);
        write(writer, descriptor.of, item, `${path}[${JSON.stringify(key)}]`);
      }
      return;
    }
    case "union":
      write(writer, chooseVariant(descriptor, value, path), value, path);
      return;
    case "struct":
      writeStruct(writer, descriptor, value, path);
      return;
  }
}

function writeStruct(
  writer: MsgpackWriter,
  descriptor: StructDescriptor,
  value: unknown,
  path: string,
): void {
  if (!isPlainObject(value)) throw mismatch(path, descriptor, value);
  const names = new Set(descriptor.fields.map((field) => field.name));
  const extra = Object.keys(value).find((key) => !names.has(key) && value[key] !== undefined);
  if (extra !== undefined) throw mismatch(path, descriptor, value, `unknown field ${quote(extra)}`);
  writer.mapHeader(descriptor.fields.length);
  for (const field of descriptor.fields) {
    writer.str(field.name);
    write(writer, field.type, ownValue(value, field.name), `${path}.${field.name}`);
  }
}

/**
 * A struct value as msgpack bytes, exactly as flytekit writes the equivalent dataclass:
 * `msgpack.packb(asdict(value), use_bin_type=True)` with fields in declaration order.
 */
export function encodeStruct(descriptor: StructDescriptor, value: unknown, path: string): Uint8Array {
  const writer = new MsgpackWriter();
  writeStruct(writer, descriptor, value, path);
  return writer.finish();
}

/**
 * A native value from its plain form (decoded msgpack, or JSON of the legacy generic struct).
 * Tolerant as flytekit is when reading: an integral float for an int, an int for a float.
 */
export function fromPlain(descriptor: TypeDescriptor, plain: unknown, path: string): unknown {
  switch (descriptor.kind) {
    case "int": {
      if (typeof plain === "bigint") {
        if (descriptor.bigint === true) return plain;
        if (plain >= BigInt(Number.MIN_SAFE_INTEGER) && plain <= BigInt(Number.MAX_SAFE_INTEGER))
          return Int(Number(plain));
        throw mismatch(path, descriptor, plain, "too large for a number: declare it as bigint");
      }
      if (typeof plain !== "number" || !Number.isSafeInteger(plain)) throw mismatch(path, descriptor, plain);
      return descriptor.bigint === true ? BigInt(plain) : Int(plain);
    }
    case "float":
      if (typeof plain === "bigint") return Number(plain);
      if (typeof plain !== "number") throw mismatch(path, descriptor, plain);
      return plain;
    case "string":
      if (typeof plain !== "string") throw mismatch(path, descriptor, plain);
      return plain;
    case "enum":
      if (typeof plain !== "string" || !descriptor.values.includes(plain))
        throw mismatch(path, descriptor, plain);
      return plain;
    case "boolean":
      if (typeof plain !== "boolean") throw mismatch(path, descriptor, plain);
      return plain;
    case "datetime": {
      const date = typeof plain === "string" ? parseIsoDatetime(plain) : undefined;
      if (date === undefined) throw mismatch(path, descriptor, plain, "an ISO 8601 date-time");
      return date;
    }
    case "duration":
      if (typeof plain !== "number" || !Number.isFinite(plain))
        throw mismatch(path, descriptor, plain, "seconds");
      return Duration.ofSeconds(plain);
    case "none":
      if (plain !== null && plain !== undefined) throw mismatch(path, descriptor, plain);
      return undefined;
    case "binary":
      if (!(plain instanceof Uint8Array)) throw mismatch(path, descriptor, plain);
      return plain;
    case "file":
    case "directory": {
      const uri = isPlainObject(plain) ? plain.path : undefined;
      if (typeof uri !== "string") throw mismatch(path, descriptor, plain, "an object with a string path");
      return blobFromUri(descriptor.kind, uri, descriptor.format, path);
    }
    case "list":
      if (!Array.isArray(plain)) throw mismatch(path, descriptor, plain);
      return plain.map((item, i) => fromPlain(descriptor.of, item, `${path}[${i}]`));
    case "map": {
      if (!isPlainObject(plain)) throw mismatch(path, descriptor, plain);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(plain))
        setOwn(out, key, fromPlain(descriptor.of, item, `${path}[${JSON.stringify(key)}]`));
      return out;
    }
    case "union":
      for (const variant of descriptor.variants) {
        try {
          return fromPlain(variant, plain, path);
        } catch {
          // try the next variant
        }
      }
      throw mismatch(path, descriptor, plain);
    case "struct": {
      if (!isPlainObject(plain)) throw mismatch(path, descriptor, plain);
      const out: Record<string, unknown> = {};
      for (const field of descriptor.fields) {
        const item = fromPlain(field.type, ownValue(plain, field.name), `${path}.${field.name}`);
        if (item !== undefined) setOwn(out, field.name, item);
      }
      return out;
    }
  }
}

/** A struct value from msgpack bytes (flytekit's dataclass literal). */
export function decodeStruct(descriptor: StructDescriptor, bytes: Uint8Array, path: string): unknown {
  let plain: unknown;
  try {
    plain = decode(bytes, { useBigInt64: true });
  } catch (error) {
    throw new FlyteTypeError(
      `${path}: expected ${descriptor.name} as msgpack, got unreadable bytes (${describeValue((error as Error).message)})`,
      {
        cause: error,
      },
    );
  }
  return fromPlain(descriptor, plain, path);
}
