import { cp, mkdir, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { FlyteError, type Literal, type LiteralMap, MetadataFormat } from "@flytekit-ts/core";
import { clone, LiteralMapSchema, type Primitive, toBinary } from "@flytekit-ts/core/idl";
import { isRemoteUri } from "@flytekit-ts/core/internal";
import { localPathOf } from "@flytekit-ts/runtime/internal";
import { goDurationText, goFloatF, goTimestampText } from "./go-text.js";

/** A value of the `inputs.json|yaml` metadata file, typed as Go's encoder sees it. */
type MetaValue = string | boolean | bigint | GoFloat | null | MetaValue[] | { [key: string]: MetaValue };

/** A float64, kept apart from integers because Go's encoders write them differently. */
class GoFloat {
  constructor(readonly value: number) {}
}

/** An input that cannot be written into the container's input folder. */
export class CopilotInputError extends FlyteError {
  constructor(
    readonly inputName: string,
    message: string,
  ) {
    super("VALIDATION", `input ${inputName}: ${message}`);
  }
}

/** A blob's local source. Object stores are read by `tsflyte-execute`, not by local container runs. */
function localSource(uri: string, input: string): string {
  if (isRemoteUri(uri)) {
    throw new CopilotInputError(
      input,
      `${uri} is not a local file: local container runs read local files only`,
    );
  }
  return localPathOf(uri);
}

/**
 * Writes a task's inputs into `hostDir` as Flyte's copilot downloader writes them into the input
 * folder of a raw container pod: one file per primitive in its text form (bool `true`, float in
 * Go's shortest `f` form, datetime RFC 3339, duration Go's `1h2m3s`), blobs as files or folders,
 * lists as folders `0, 1, ...`, maps as folders of keys, then `inputs.pb` (blob URIs pointing into
 * the container's folder) and `inputs.json` or `inputs.yaml` per `format`.
 *
 * Two deliberate differences with copilot 1.x, both where it fails or loses the value: folders for
 * lists and maps are created (copilot writes into a folder it never creates), and optional (union)
 * values are written as their inner value (copilot rejects union literals).
 */
export async function writeCopilotInputs(
  inputs: LiteralMap,
  hostDir: string,
  containerDir: string,
  format: MetadataFormat,
): Promise<void> {
  await mkdir(hostDir, { recursive: true });
  const rewritten = clone(LiteralMapSchema, inputs);
  const meta: Record<string, MetaValue> = {};
  for (const name of Object.keys(inputs.literals).sort()) {
    const literal = rewritten.literals[name] as Literal;
    meta[name] = await writeLiteral(literal, join(hostDir, name), posix.join(containerDir, name), name);
  }
  await writeFile(join(hostDir, "inputs.pb"), toBinary(LiteralMapSchema, rewritten));
  if (format === MetadataFormat.JSON) await writeFile(join(hostDir, "inputs.json"), goJson(meta));
  if (format === MetadataFormat.YAML) await writeFile(join(hostDir, "inputs.yaml"), await yamlText(meta));
}

/** Writes one literal at `hostPath` and returns its metadata value; blob URIs are rewritten in place. */
async function writeLiteral(
  literal: Literal,
  hostPath: string,
  containerPath: string,
  input: string,
): Promise<MetaValue> {
  const value = literal.value;
  if (value.case === "collection") {
    await mkdir(hostPath, { recursive: true });
    const items: MetaValue[] = [];
    for (const [i, item] of value.value.literals.entries()) {
      items.push(
        await writeLiteral(item, join(hostPath, String(i)), posix.join(containerPath, String(i)), input),
      );
    }
    return items;
  }
  if (value.case === "map") {
    await mkdir(hostPath, { recursive: true });
    const entries: Record<string, MetaValue> = {};
    for (const key of Object.keys(value.value.literals).sort()) {
      const item = value.value.literals[key] as Literal;
      entries[key] = await writeLiteral(item, join(hostPath, key), posix.join(containerPath, key), input);
    }
    return entries;
  }
  if (value.case !== "scalar")
    throw new CopilotInputError(input, `unsupported literal type [${value.case ?? "empty"}]`);
  const scalar = value.value.value;
  switch (scalar.case) {
    case "primitive": {
      const [text, meta] = primitiveText(scalar.value.value, input);
      await writeFile(hostPath, text);
      return meta;
    }
    case "blob": {
      const multipart = scalar.value.metadata?.type?.dimensionality === 1;
      await cp(localSource(scalar.value.uri, input), hostPath, { recursive: multipart });
      scalar.value.uri = containerPath;
      return containerPath;
    }
    case "schema":
      await cp(localSource(scalar.value.uri, input), hostPath, { recursive: true });
      scalar.value.uri = containerPath;
      return containerPath;
    case "binary":
      await writeFile(hostPath, scalar.value.value);
      return Buffer.from(scalar.value.value).toString("base64");
    case "error":
      await writeFile(hostPath, scalar.value.message);
      return scalar.value.message;
    case "generic": {
      await writeFile(hostPath, JSON.stringify(scalar.value));
      return fromPlainJson(scalar.value);
    }
    case "noneType":
      await writeFile(hostPath, "null");
      return null;
    case "union": {
      const inner = scalar.value.value;
      if (inner === undefined) throw new CopilotInputError(input, "a union value without a value");
      return writeLiteral(inner, hostPath, containerPath, input);
    }
    default:
      throw new CopilotInputError(input, `unsupported scalar type [${scalar.case ?? "empty"}]`);
  }
}

type PrimitiveValue = Primitive["value"];

/** A primitive's file text and its metadata value, as copilot's `handlePrimitive`. */
function primitiveText(primitive: PrimitiveValue, input: string): [string, MetaValue] {
  switch (primitive.case) {
    case "stringValue":
      return [primitive.value, primitive.value];
    case "boolean":
      return [String(primitive.value), primitive.value];
    case "integer":
      return [String(primitive.value), primitive.value];
    case "floatValue":
      return [goFloatF(primitive.value), new GoFloat(primitive.value)];
    case "datetime": {
      const text = goTimestampText(primitive.value.seconds, primitive.value.nanos);
      return [text, text];
    }
    case "duration": {
      const nanos = primitive.value.seconds * 1_000_000_000n + BigInt(primitive.value.nanos);
      // copilot's value for a duration is shadowed in its Go code and lands as null in the metadata file.
      return [goDurationText(nanos), null];
    }
    default:
      throw new CopilotInputError(input, "an empty primitive");
  }
}

function fromPlainJson(value: unknown): MetaValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : new GoFloat(value);
  if (Array.isArray(value)) return value.map(fromPlainJson);
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, fromPlainJson(v)]));
}

/** Go's `json.Marshal`: sorted keys, no spaces, floats as JavaScript writes them (the same rules). */
export function goJson(value: MetaValue): string {
  if (value === null) return "null";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof GoFloat) return Object.is(value.value, -0) ? "-0" : String(value.value);
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${goJson(value[k] as MetaValue)}`).join(",")}}`;
}

function plain(value: MetaValue): unknown {
  if (value instanceof GoFloat) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** The YAML copilot writes (Go's JSON, re-read and written as YAML with sorted keys). */
async function yamlText(value: Record<string, MetaValue>): Promise<string> {
  const { stringify } = await import("yaml"); // only YAML tasks pay for loading it
  return stringify(plain(value), { sortMapEntries: true });
}
