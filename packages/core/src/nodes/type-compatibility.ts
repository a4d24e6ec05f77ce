import type { TypeDescriptor } from "../types/descriptor.js";

/**
 * Can a value of type `from` be bound to an input of type `to`? The rules of Flyte's workflow
 * compiler, which registration would apply later: same simple types (no int-to-float widening),
 * collections and maps element-wise, a value into a union holding a compatible variant (a union
 * into a union when each of its variants fits), enums into enums holding all their values, blobs
 * of the same dimensionality with a matching (or unspecified) format, structs into structs.
 */
export function canBind(from: TypeDescriptor, to: TypeDescriptor): boolean {
  if (to.kind === "union") {
    if (from.kind === "union") return from.variants.every((variant) => canBind(variant, to));
    return to.variants.some((variant) => canBind(from, variant));
  }
  switch (from.kind) {
    case "list":
    case "map":
      return to.kind === from.kind && canBind(from.of, to.of);
    case "enum":
      return to.kind === "enum" && from.values.every((value) => to.values.includes(value));
    case "file":
    case "directory":
      return to.kind === from.kind && (from.format === "" || to.format === "" || from.format === to.format);
    case "union":
      return false;
    default:
      return to.kind === from.kind;
  }
}
