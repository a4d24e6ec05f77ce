import { FlyteTypeError } from "../errors/flyte-error.js";
import type { Literal } from "../gen/flyteidl/core/literals_pb.js";
import { setOwn } from "../wire/set-own.js";
import { blobFromUri } from "./blob-localizer.js";
import { describeType, type TypeDescriptor } from "./descriptor.js";
import { Duration } from "./duration.js";
import { Int } from "./int.js";
import { decodeJsonObject } from "./json-codec.js";
import { unionTag } from "./literal-type.js";
import { dateOfTimestamp } from "./precise-date.js";
import { decodeStruct, fromPlain } from "./struct-codec.js";
import { elementPath, MSGPACK_TAG } from "./to-literal.js";
import { quote } from "./values.js";

/** What a literal holds, for error messages: `integer 5`, `collection of 3`, `map`, ... */
function describeLiteral(literal: Literal): string {
  switch (literal.value.case) {
    case "scalar": {
      const scalar = literal.value.value.value;
      if (scalar.case === "primitive") {
        const primitive = scalar.value.value;
        if (primitive.case === "datetime" || primitive.case === "duration") return primitive.case;
        if (primitive.case === "stringValue") return `stringValue ${quote(primitive.value)}`;
        return `${primitive.case ?? "empty primitive"} ${String(primitive.value)}`;
      }
      if (scalar.case === "binary") return `binary tagged ${quote(scalar.value.tag)}`;
      return scalar.case ?? "empty scalar";
    }
    case "collection":
      return `collection of ${literal.value.value.literals.length}`;
    case "map":
      return "map";
    case "offloadedMetadata":
      return "offloaded literal";
    default:
      return "empty literal";
  }
}

function wrong(path: string, descriptor: TypeDescriptor, literal: Literal, why = ""): FlyteTypeError {
  return new FlyteTypeError(
    `${path}: expected ${describeType(descriptor)}, got a literal with ${describeLiteral(literal)}${why === "" ? "" : ` (${why})`}`,
  );
}

function primitiveOf(literal: Literal) {
  if (literal.value.case !== "scalar" || literal.value.value.value.case !== "primitive") return undefined;
  return literal.value.value.value.value.value;
}

function scalarOf(literal: Literal) {
  return literal.value.case === "scalar" ? literal.value.value.value : undefined;
}

/** The value of a list element or map entry; its path is built only when it fails. */
function elementValue(
  descriptor: TypeDescriptor,
  literal: Literal,
  path: string,
  at: number | string,
): unknown {
  try {
    return fromLiteral(descriptor, literal, path);
  } catch {
    return fromLiteral(descriptor, literal, elementPath(path, at));
  }
}

/**
 * The native value of a Flyte `Literal`, accepting what flytekit accepts: an integer literal for a
 * float, an integral float literal for an int, a plain literal for a union (tried variant by
 * variant), and the legacy JSON (`generic`) form of structs.
 * @throws FlyteTypeError naming `path`, the expected type and what the literal holds.
 */
export function fromLiteral(descriptor: TypeDescriptor, literal: Literal, path = "value"): unknown {
  switch (descriptor.kind) {
    case "int": {
      const p = primitiveOf(literal);
      if (p?.case === "integer") {
        if (descriptor.bigint === true) return p.value;
        if (p.value > BigInt(Number.MAX_SAFE_INTEGER) || p.value < BigInt(Number.MIN_SAFE_INTEGER)) {
          throw wrong(path, descriptor, literal, "too large for a number: declare it as bigint");
        }
        return Int(Number(p.value));
      }
      if (p?.case === "floatValue" && Number.isSafeInteger(p.value)) {
        return descriptor.bigint === true ? BigInt(p.value) : Int(p.value);
      }
      throw wrong(path, descriptor, literal);
    }
    case "float": {
      const p = primitiveOf(literal);
      if (p?.case === "floatValue") return p.value;
      if (p?.case === "integer") return Number(p.value);
      throw wrong(path, descriptor, literal);
    }
    case "string": {
      const p = primitiveOf(literal);
      if (p?.case === "stringValue") return p.value;
      throw wrong(path, descriptor, literal);
    }
    case "enum": {
      const p = primitiveOf(literal);
      if (p?.case === "stringValue" && descriptor.values.includes(p.value)) return p.value;
      throw wrong(path, descriptor, literal);
    }
    case "boolean": {
      const p = primitiveOf(literal);
      if (p?.case === "boolean") return p.value;
      throw wrong(path, descriptor, literal);
    }
    case "datetime": {
      const p = primitiveOf(literal);
      if (p?.case !== "datetime") throw wrong(path, descriptor, literal);
      // A Date holds milliseconds: a finer timestamp comes back as a PreciseDate, which keeps the rest.
      const date = dateOfTimestamp(p.value.seconds, p.value.nanos);
      if (Number.isNaN(date.getTime())) {
        throw wrong(path, descriptor, literal, `${p.value.seconds} seconds is outside the range of a Date`);
      }
      return date;
    }
    case "duration": {
      const p = primitiveOf(literal);
      if (p?.case !== "duration") throw wrong(path, descriptor, literal);
      return new Duration(Number(p.value.seconds), p.value.nanos);
    }
    case "none":
      if (scalarOf(literal)?.case !== "noneType") throw wrong(path, descriptor, literal);
      return undefined;
    case "binary": {
      const s = scalarOf(literal);
      if (s?.case !== "binary") throw wrong(path, descriptor, literal);
      return s.value.value;
    }
    case "file":
    case "directory": {
      const s = scalarOf(literal);
      if (s?.case !== "blob") throw wrong(path, descriptor, literal);
      const multipart = s.value.metadata?.type?.dimensionality === 1;
      if (multipart !== (descriptor.kind === "directory")) {
        throw wrong(path, descriptor, literal, multipart ? "a directory" : "a single file");
      }
      const format = s.value.metadata?.type?.format || descriptor.format;
      return blobFromUri(descriptor.kind, s.value.uri, format, path);
    }
    case "list": {
      if (literal.value.case !== "collection") throw wrong(path, descriptor, literal);
      const literals = literal.value.value.literals;
      const out = new Array<unknown>(literals.length);
      for (let i = 0; i < literals.length; i++)
        out[i] = elementValue(descriptor.of, literals[i] as Literal, path, i);
      return out;
    }
    case "map": {
      if (literal.value.case !== "map") throw wrong(path, descriptor, literal);
      const out: Record<string, unknown> = {};
      const literals = literal.value.value.literals;
      for (const key of Object.keys(literals))
        setOwn(out, key, elementValue(descriptor.of, literals[key] as Literal, path, key));
      return out;
    }
    case "union": {
      const s = scalarOf(literal);
      if (s?.case === "union" && s.value.value !== undefined) {
        // The tag names the variant; variants can share a tag (two list types), so try those first.
        const tag = s.value.type?.structure?.tag;
        const tagged = descriptor.variants.filter((v) => unionTag(v) === tag);
        const others = descriptor.variants.filter((v) => unionTag(v) !== tag);
        return fromLiteral({ kind: "union", variants: [...tagged, ...others] }, s.value.value, path);
      }
      for (const variant of descriptor.variants) {
        try {
          return fromLiteral(variant, literal, path);
        } catch {
          // try the next variant
        }
      }
      throw wrong(path, descriptor, literal);
    }
    case "dict": {
      const s = scalarOf(literal);
      if (s?.case === "binary" && s.value.tag === MSGPACK_TAG) return decodeJsonObject(s.value.value, path);
      // Older flytekit wrote dicts as a generic google.protobuf.Struct.
      if (s?.case === "generic") return s.value;
      throw wrong(path, descriptor, literal);
    }
    case "struct": {
      const s = scalarOf(literal);
      if (s?.case === "binary" && s.value.tag === MSGPACK_TAG)
        return decodeStruct(descriptor, s.value.value, path);
      if (s?.case === "generic") return fromPlain(descriptor, s.value, path);
      throw wrong(
        path,
        descriptor,
        literal,
        'a struct is msgpack binary tagged "msgpack" or a generic JSON struct',
      );
    }
  }
}
