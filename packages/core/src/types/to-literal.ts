import { create } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import {
  BinarySchema,
  BlobMetadataSchema,
  BlobSchema,
  type Literal,
  LiteralCollectionSchema,
  LiteralMapSchema,
  LiteralSchema,
  type Primitive,
  type Scalar,
  UnionSchema,
  VoidSchema,
} from "../gen/flyteidl/core/literals_pb.js";
import {
  BlobType_BlobDimensionality,
  BlobTypeSchema,
  TypeStructureSchema,
} from "../gen/flyteidl/core/types_pb.js";
import { setOwn } from "../wire/set-own.js";
import { inKeyOrder, sortKeys } from "../wire/sorted-record.js";
import { FlyteDirectory, FlyteFile } from "./blob.js";
import { blobUriOf } from "./blob-localizer.js";
import type { TypeDescriptor } from "./descriptor.js";
import { Duration } from "./duration.js";
import { encodeJsonObject } from "./json-codec.js";
import { literalTypeOf, unionTag } from "./literal-type.js";
import { timestampOf } from "./precise-date.js";
import { encodeStruct } from "./struct-codec.js";
import { chooseVariant, isFlyteInt, mapGet, mapKeys, mismatch, quote } from "./values.js";

/** The tag flytekit gives msgpack-encoded struct literals. */
export const MSGPACK_TAG = "msgpack";

// The three messages every scalar literal is made of are built directly, in exactly the shape
// `create()` gives them (a test checks this): `create()` costs as much as encoding them.
function scalar(value: Scalar["value"]): Literal {
  return {
    $typeName: "flyteidl.core.Literal",
    value: { case: "scalar", value: { $typeName: "flyteidl.core.Scalar", value } },
    hash: "",
    metadata: {},
  };
}

function primitive(value: Primitive["value"]): Literal {
  return scalar({ case: "primitive", value: { $typeName: "flyteidl.core.Primitive", value } });
}

/**
 * The literal of a list element or map entry. Its path (`path[3]`, `path["k"]`) is built only when
 * it fails, by converting again with it: per-element template strings cost as much as the rest.
 */
function elementLiteral(
  descriptor: TypeDescriptor,
  value: unknown,
  path: string,
  at: number | string,
): Literal {
  try {
    return toLiteral(descriptor, value, path);
  } catch {
    return toLiteral(descriptor, value, elementPath(path, at));
  }
}

/** `path[3]` or `path["k"]`. */
export function elementPath(path: string, at: number | string): string {
  return typeof at === "number" ? `${path}[${at}]` : `${path}[${quote(at)}]`;
}

/**
 * The Flyte `Literal` of a native value, strictly: the value must be of the declared type (an
 * integral `number` is accepted for a float; a fractional one, a boolean or `NaN` is not an int).
 * Encoding matches flytekit's byte for byte (see the tests).
 * @param path names the value in errors, e.g. `input "a"`.
 * @throws FlyteTypeError naming `path`, the expected and the received type.
 */
export function toLiteral(descriptor: TypeDescriptor, value: unknown, path = "value"): Literal {
  switch (descriptor.kind) {
    case "int":
      if (!isFlyteInt(value)) throw mismatch(path, descriptor, value);
      return primitive({ case: "integer", value: BigInt(value) });
    case "float":
      if (typeof value !== "number") throw mismatch(path, descriptor, value);
      return primitive({ case: "floatValue", value });
    case "string":
      if (typeof value !== "string") throw mismatch(path, descriptor, value);
      return primitive({ case: "stringValue", value });
    case "enum":
      if (typeof value !== "string" || !descriptor.values.includes(value))
        throw mismatch(path, descriptor, value);
      return primitive({ case: "stringValue", value });
    case "boolean":
      if (typeof value !== "boolean") throw mismatch(path, descriptor, value);
      return primitive({ case: "boolean", value });
    case "datetime": {
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw mismatch(path, descriptor, value);
      return primitive({ case: "datetime", value: create(TimestampSchema, timestampOf(value)) });
    }
    case "duration":
      if (!(value instanceof Duration)) throw mismatch(path, descriptor, value);
      return primitive({
        case: "duration",
        value: create(DurationSchema, { seconds: BigInt(value.seconds), nanos: value.nanos }),
      });
    case "none":
      if (value !== null && value !== undefined) throw mismatch(path, descriptor, value);
      return scalar({ case: "noneType", value: create(VoidSchema) });
    case "binary":
      if (!(value instanceof Uint8Array)) throw mismatch(path, descriptor, value);
      return scalar({ case: "binary", value: create(BinarySchema, { value, tag: "" }) });
    case "file":
    case "directory": {
      const isFile = descriptor.kind === "file";
      if (!(isFile ? value instanceof FlyteFile : value instanceof FlyteDirectory))
        throw mismatch(path, descriptor, value);
      return scalar({
        case: "blob",
        value: create(BlobSchema, {
          uri: blobUriOf(value as FlyteFile),
          metadata: create(BlobMetadataSchema, {
            type: create(BlobTypeSchema, {
              format: descriptor.format,
              dimensionality: isFile
                ? BlobType_BlobDimensionality.SINGLE
                : BlobType_BlobDimensionality.MULTIPART,
            }),
          }),
        }),
      });
    }
    case "list": {
      if (!Array.isArray(value)) throw mismatch(path, descriptor, value);
      const literals = new Array<Literal>(value.length);
      for (let i = 0; i < value.length; i++) literals[i] = elementLiteral(descriptor.of, value[i], path, i);
      return create(LiteralSchema, {
        value: { case: "collection", value: create(LiteralCollectionSchema, { literals }) },
      });
    }
    case "map": {
      const keys = mapKeys(value);
      if (keys === undefined)
        throw mismatch(path, descriptor, value, "Flyte MapType expects all keys to be strings");
      sortKeys(keys);
      const literals: Record<string, Literal> = {};
      for (const key of keys)
        setOwn(literals, key, elementLiteral(descriptor.of, mapGet(value, key), path, key));
      const map = create(LiteralMapSchema);
      // Assigned after `create`, which would copy the record and lose the ordered view of index-like keys.
      map.literals = inKeyOrder(literals, keys);
      return create(LiteralSchema, { value: { case: "map", value: map } });
    }
    case "union": {
      const variant = chooseVariant(descriptor, value, path);
      const type = literalTypeOf(variant);
      type.structure = create(TypeStructureSchema, { tag: unionTag(variant) });
      return scalar({
        case: "union",
        value: create(UnionSchema, { value: toLiteral(variant, value, path), type }),
      });
    }
    case "struct":
      return scalar({
        case: "binary",
        value: create(BinarySchema, { value: encodeStruct(descriptor, value, path), tag: MSGPACK_TAG }),
      });
    case "dict":
      return scalar({
        case: "binary",
        value: create(BinarySchema, { value: encodeJsonObject(value, path), tag: MSGPACK_TAG }),
      });
  }
}
