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
  PrimitiveSchema,
  type Scalar,
  ScalarSchema,
  UnionSchema,
  VoidSchema,
} from "../gen/flyteidl/core/literals_pb.js";
import {
  BlobType_BlobDimensionality,
  BlobTypeSchema,
  TypeStructureSchema,
} from "../gen/flyteidl/core/types_pb.js";
import { sortedRecord } from "../serialize/sorted-record.js";
import { FlyteDirectory, FlyteFile } from "./blob.js";
import type { TypeDescriptor } from "./descriptor.js";
import { Duration } from "./duration.js";
import { literalTypeOf, unionTag } from "./literal-type.js";
import { encodeStruct } from "./struct-codec.js";
import { chooseVariant, isFlyteInt, mapEntries, mismatch } from "./values.js";

/** The tag flytekit gives msgpack-encoded struct literals. */
export const MSGPACK_TAG = "msgpack";

function scalar(value: Scalar["value"]): Literal {
  return create(LiteralSchema, { value: { case: "scalar", value: create(ScalarSchema, { value }) } });
}

function primitive(value: Primitive["value"]): Literal {
  return scalar({ case: "primitive", value: create(PrimitiveSchema, { value }) });
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
      const millis = value.getTime();
      const seconds = Math.floor(millis / 1000);
      return primitive({
        case: "datetime",
        value: create(TimestampSchema, {
          seconds: BigInt(seconds),
          nanos: (millis - seconds * 1000) * 1_000_000,
        }),
      });
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
          uri: (value as FlyteFile).path,
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
      for (let i = 0; i < value.length; i++)
        literals[i] = toLiteral(descriptor.of, value[i], `${path}[${i}]`);
      return create(LiteralSchema, {
        value: { case: "collection", value: create(LiteralCollectionSchema, { literals }) },
      });
    }
    case "map": {
      const entries = mapEntries(value);
      if (entries === undefined)
        throw mismatch(path, descriptor, value, "Flyte MapType expects all keys to be strings");
      const map = create(LiteralMapSchema);
      // Assigned after `create`, which would copy the record and lose the sorted view of index-like keys.
      map.literals = sortedRecord(
        entries.map(
          ([key, item]) => [key, toLiteral(descriptor.of, item, `${path}[${JSON.stringify(key)}]`)] as const,
        ),
      );
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
  }
}
