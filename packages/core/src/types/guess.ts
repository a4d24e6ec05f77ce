import { FlyteUnsupportedTypeError } from "../errors/flyte-error.js";
import { BlobType_BlobDimensionality, type LiteralType, SimpleType } from "../gen/flyteidl/core/types_pb.js";
import type { TypeDescriptor } from "./descriptor.js";

/**
 * The type descriptor of a Flyte `LiteralType`: how a task rebuilt from its template alone (a shim
 * task) reads its inputs and writes its outputs (flytekit's `TypeEngine.guess_python_types`).
 * @throws FlyteUnsupportedTypeError for types with no descriptor (schemas, datasets, untyped structs).
 */
export function guessDescriptor(type: LiteralType, path = "type"): TypeDescriptor {
  switch (type.type.case) {
    case "simple":
      switch (type.type.value) {
        case SimpleType.INTEGER:
          return { kind: "int" };
        case SimpleType.FLOAT:
          return { kind: "float" };
        case SimpleType.STRING:
          return { kind: "string" };
        case SimpleType.BOOLEAN:
          return { kind: "boolean" };
        case SimpleType.DATETIME:
          return { kind: "datetime" };
        case SimpleType.DURATION:
          return { kind: "duration" };
        case SimpleType.NONE:
          return { kind: "none" };
        case SimpleType.BINARY:
          return { kind: "binary" };
        case SimpleType.STRUCT: {
          const fields = type.structure?.dataclassType ?? {};
          const names = Object.keys(fields);
          // No fields and no schema: flytekit's untyped dict.
          if (names.length === 0 && type.metadata === undefined) return { kind: "dict" };
          if (names.length === 0)
            throw new FlyteUnsupportedTypeError(`${path}: an untyped struct has no type descriptor`);
          const title = (type.metadata as { title?: unknown } | undefined)?.title;
          return {
            kind: "struct",
            name: typeof title === "string" ? title : "Struct",
            fields: names.map((name) => ({
              name,
              type: guessDescriptor(fields[name] as LiteralType, `${path}.${name}`),
            })),
          };
        }
        default:
          throw new FlyteUnsupportedTypeError(
            `${path}: simple type ${SimpleType[type.type.value]} has no type descriptor`,
          );
      }
    case "collectionType":
      return { kind: "list", of: guessDescriptor(type.type.value, `${path}[]`) };
    case "mapValueType":
      return { kind: "map", of: guessDescriptor(type.type.value, `${path}{}`) };
    case "enumType":
      return { kind: "enum", values: [...type.type.value.values] };
    case "blob":
      return {
        kind: type.type.value.dimensionality === BlobType_BlobDimensionality.MULTIPART ? "directory" : "file",
        format: type.type.value.format,
      };
    case "unionType":
      return {
        kind: "union",
        variants: type.type.value.variants.map((v, i) => guessDescriptor(v, `${path}|${i}`)),
      };
    default:
      throw new FlyteUnsupportedTypeError(
        `${path}: ${type.type.case ?? "an empty type"} has no type descriptor`,
      );
  }
}
