import { FlyteUnsupportedTypeError } from "../errors/flyte-error.js";
import type { JsonObject } from "../wire/struct.js";
import type { StructDescriptor, TypeDescriptor } from "./descriptor.js";

/** The JSON Schema of one value, in the shape mashumaro's `build_json_schema` gives flytekit. */
function schemaOf(descriptor: TypeDescriptor): JsonObject {
  switch (descriptor.kind) {
    case "int":
      return { type: "integer" };
    case "float":
      return { type: "number" };
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "duration":
      return { type: "number", format: "time-delta" };
    case "none":
      return { type: "null" };
    case "binary":
      return { type: "string", format: "binary" };
    case "list":
      return { type: "array", items: schemaOf(descriptor.of) };
    case "map":
      return {
        type: "object",
        additionalProperties: schemaOf(descriptor.of),
        propertyNames: { type: "string" },
      };
    case "union":
      return { anyOf: descriptor.variants.map(schemaOf) };
    case "enum":
      return { enum: [...descriptor.values] };
    case "file":
    case "directory":
      return {
        type: "object",
        title: descriptor.kind === "file" ? "FlyteFile" : "FlyteDirectory",
        properties: { path: { type: "string" } },
        additionalProperties: false,
        required: ["path"],
      };
    case "struct":
      return structSchema(descriptor);
    case "dict":
      // flytekit's schema of an untyped dict field is not pinned down by a golden yet.
      throw new FlyteUnsupportedTypeError(
        "an untyped dict (JsonObject, Record<string, unknown>) inside a struct is not supported yet: use Record<string, T> with a concrete T",
      );
  }
}

/** Whether a field may be missing: its type admits `none`. */
export function isNullable(descriptor: TypeDescriptor): boolean {
  return descriptor.kind === "none" || (descriptor.kind === "union" && descriptor.variants.some(isNullable));
}

/**
 * The JSON Schema flytekit stores in a dataclass's `LiteralType.metadata`: an object titled with
 * the type's name, its properties, no additional properties, and the non-nullable fields required.
 * A nullable field (`label?: string`, a dataclass's `Optional[str] = None`) has `"default": null`,
 * as mashumaro writes for a field whose default is None.
 */
export function structSchema(descriptor: StructDescriptor): JsonObject {
  const properties: JsonObject = {};
  for (const field of descriptor.fields) {
    const schema = schemaOf(field.type);
    properties[field.name] = isNullable(field.type) ? { ...schema, default: null } : schema;
  }
  return {
    type: "object",
    title: descriptor.name,
    properties,
    additionalProperties: false,
    required: descriptor.fields.filter((field) => !isNullable(field.type)).map((field) => field.name),
  };
}
