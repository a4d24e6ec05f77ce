import { create } from "@bufbuild/protobuf";
import {
  BlobType_BlobDimensionality,
  BlobTypeSchema,
  EnumTypeSchema,
  type LiteralType,
  LiteralTypeSchema,
  SimpleType,
  TypeAnnotationSchema,
  TypeStructureSchema,
  UnionTypeSchema,
} from "../gen/flyteidl/core/types_pb.js";
import { sortedRecord } from "../wire/sorted-record.js";
import { toSortedJson } from "../wire/struct.js";
import type { TypeDescriptor } from "./descriptor.js";
import { structSchema } from "./json-schema.js";

/** The annotation flytekit puts on dicts and dataclasses: their literals are msgpack. */
export const MSGPACK_ANNOTATION = { "cache-key-metadata": { "serialization-format": "msgpack" } } as const;

const SIMPLE = {
  int: SimpleType.INTEGER,
  float: SimpleType.FLOAT,
  string: SimpleType.STRING,
  boolean: SimpleType.BOOLEAN,
  datetime: SimpleType.DATETIME,
  duration: SimpleType.DURATION,
  none: SimpleType.NONE,
} as const;

/**
 * The tag flytekit puts on each union variant: the name of the Python type transformer that
 * handles it. Readers (flytekit, propeller) match union values by it, so it must be exact.
 */
export function unionTag(descriptor: TypeDescriptor): string {
  switch (descriptor.kind) {
    case "int":
      return "int";
    case "float":
      return "float";
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "datetime":
      return "datetime";
    case "duration":
      return "timedelta";
    case "none":
      return "none";
    case "list":
      return "Typed List";
    case "map":
      return "Typed Dict";
    case "enum":
      return "DefaultEnumTransformer";
    case "file":
      return "FlyteFilePath";
    case "directory":
      return "FlyteDirectory";
    case "struct":
      return "Object-Dataclass-Transformer";
    case "binary":
      return "bytes";
    case "dict":
      // flytekit's DictTransformer handles typed and untyped dicts alike.
      return "Typed Dict";
    case "union":
      // Nested unions are flattened by the `t` builders; a hand-written one keeps flytekit's name.
      return "Typed Union";
  }
}

/** The Flyte `LiteralType` of a descriptor, exactly as flytekit's type engine builds it. */
export function literalTypeOf(descriptor: TypeDescriptor): LiteralType {
  switch (descriptor.kind) {
    case "int":
    case "float":
    case "string":
    case "boolean":
    case "datetime":
    case "duration":
    case "none":
      return create(LiteralTypeSchema, { type: { case: "simple", value: SIMPLE[descriptor.kind] } });
    case "binary":
      return create(LiteralTypeSchema, { type: { case: "simple", value: SimpleType.BINARY } });
    case "dict":
      return create(LiteralTypeSchema, {
        type: { case: "simple", value: SimpleType.STRUCT },
        annotation: create(TypeAnnotationSchema, { annotations: toSortedJson(MSGPACK_ANNOTATION) }),
      });
    case "struct":
      return create(LiteralTypeSchema, {
        type: { case: "simple", value: SimpleType.STRUCT },
        metadata: toSortedJson(structSchema(descriptor)),
        structure: create(TypeStructureSchema, {
          tag: "",
          dataclassType: sortedRecord(
            descriptor.fields.map((field) => [field.name, literalTypeOf(field.type)] as const),
          ),
        }),
        annotation: create(TypeAnnotationSchema, { annotations: toSortedJson(MSGPACK_ANNOTATION) }),
      });
    case "list":
      return create(LiteralTypeSchema, {
        type: { case: "collectionType", value: literalTypeOf(descriptor.of) },
      });
    case "map":
      return create(LiteralTypeSchema, {
        type: { case: "mapValueType", value: literalTypeOf(descriptor.of) },
      });
    case "enum":
      return create(LiteralTypeSchema, {
        type: { case: "enumType", value: create(EnumTypeSchema, { values: [...descriptor.values] }) },
      });
    case "file":
    case "directory":
      return create(LiteralTypeSchema, {
        type: {
          case: "blob",
          value: create(BlobTypeSchema, {
            format: descriptor.format,
            dimensionality:
              descriptor.kind === "file"
                ? BlobType_BlobDimensionality.SINGLE
                : BlobType_BlobDimensionality.MULTIPART,
          }),
        },
      });
    case "union":
      return create(LiteralTypeSchema, {
        type: {
          case: "unionType",
          value: create(UnionTypeSchema, {
            variants: descriptor.variants.map((variant) => {
              const variantType = literalTypeOf(variant);
              variantType.structure = create(TypeStructureSchema, { tag: unionTag(variant) });
              return variantType;
            }),
          }),
        },
      });
  }
}
