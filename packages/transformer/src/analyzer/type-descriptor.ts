import type { TypeDescriptor } from "@flytekit-ts/core";
import type ts from "typescript";
import { Unmappable } from "./unmappable.js";

type TS = typeof ts;

/** Files whose exports are flytekit-ts's own (core's value types and markers). */
const CORE_FILE = /[\\/](@flytekit-ts[\\/]core|packages[\\/]core)[\\/]/;

function admitsNone(descriptor: TypeDescriptor): boolean {
  return descriptor.kind === "none" || (descriptor.kind === "union" && descriptor.variants.some(admitsNone));
}

/** Whether `symbol` is declared by @flytekit-ts/core with the name `name`. */
export function isCoreSymbol(symbol: ts.Symbol | undefined, name: string): boolean {
  if (symbol?.getName() !== name) return false;
  return (symbol.declarations ?? []).some((declaration) =>
    CORE_FILE.test(declaration.getSourceFile().fileName),
  );
}

/**
 * Maps TypeScript types to type descriptors through the checker: aliases, interfaces, generics
 * instantiated at the call site, enums and unions are resolved; what has no Flyte mapping throws
 * {@link Unmappable} naming the part of the type.
 */
export class TypeMapper {
  readonly #ts: TS;
  readonly #checker: ts.TypeChecker;
  readonly #at: ts.Node;

  constructor(tsInstance: TS, checker: ts.TypeChecker, at: ts.Node) {
    this.#ts = tsInstance;
    this.#checker = checker;
    this.#at = at;
  }

  map(type: ts.Type, seen: ReadonlySet<ts.Type> = new Set()): TypeDescriptor {
    const ts = this.#ts;
    const checker = this.#checker;
    const f = type.flags;
    const text = () => checker.typeToString(type);
    if (isCoreSymbol(type.aliasSymbol, "Int") || this.#isIntBrand(type)) return { kind: "int" };
    // flytekit's untyped dict; a JsonValue must then hold an object when the task runs.
    if (isCoreSymbol(type.aliasSymbol, "JsonObject") || isCoreSymbol(type.aliasSymbol, "JsonValue"))
      return { kind: "dict" };
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))
      throw new Unmappable(`${text()} has no Flyte type: declare a concrete type`);
    if (f & ts.TypeFlags.Never) throw new Unmappable("never has no Flyte type");
    if (f & ts.TypeFlags.Union) return this.#union(type as ts.UnionType, seen);
    if (f & ts.TypeFlags.StringLiteral)
      return { kind: "enum", values: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.String) return { kind: "string" };
    if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { kind: "float" };
    if (f & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return { kind: "int", bigint: true };
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { kind: "boolean" };
    if (f & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { kind: "none" };
    if (f & ts.TypeFlags.Object) return this.#object(type as ts.ObjectType, seen);
    if (f & ts.TypeFlags.Intersection) throw new Unmappable(`the intersection ${text()} has no Flyte type`);
    throw new Unmappable(`${text()} has no Flyte type`);
  }

  /**
   * `number & { [intBrand]: true }`: core's Int after the checker dropped its alias (a type argument
   * taken out of `Promise<Int>` or `CallResult<Int>` carries the structure, not the name).
   */
  #isIntBrand(type: ts.Type): boolean {
    if (!type.isIntersection()) return false;
    const ts = this.#ts;
    return (
      type.types.some((member) => member.flags & ts.TypeFlags.Number) &&
      type.types.some((member) =>
        this.#checker
          .getPropertiesOfType(member)
          .some(
            (property) =>
              property.getName().startsWith("__@intBrand@") && isCoreSymbol(property, property.getName()),
          ),
      )
    );
  }

  #union(type: ts.UnionType, seen: ReadonlySet<ts.Type>): TypeDescriptor {
    const ts = this.#ts;
    const nullish = type.types.filter(
      (t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void),
    );
    let rest = type.types.filter((t) => !nullish.includes(t));
    let inner: TypeDescriptor;
    const booleans = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
      // String literal unions and string enums: an enum, values in declaration order.
      inner = { kind: "enum", values: rest.map((t) => (t as ts.StringLiteralType).value) };
    } else {
      const variants: TypeDescriptor[] = [];
      if (booleans.length > 0) {
        variants.push({ kind: "boolean" });
        rest = rest.filter((t) => !booleans.includes(t));
      }
      if (rest.some((t) => t.flags & ts.TypeFlags.EnumLiteral)) {
        throw new Unmappable(`${this.#checker.typeToString(type)}: only string enums have a Flyte type`);
      }
      for (const variant of rest) variants.push(this.map(variant, seen));
      inner = variants.length === 1 ? (variants[0] as TypeDescriptor) : { kind: "union", variants };
    }
    if (nullish.length === 0) return inner;
    const variants = inner.kind === "union" ? [...inner.variants] : [inner];
    return { kind: "union", variants: [...variants, { kind: "none" }] };
  }

  #object(type: ts.ObjectType, seen: ReadonlySet<ts.Type>): TypeDescriptor {
    const ts = this.#ts;
    const checker = this.#checker;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const name = symbol?.getName();
    const args = checker.getTypeArguments(type as ts.TypeReference);
    if (name === "Date") return { kind: "datetime" };
    if (name === "Uint8Array") return { kind: "binary" };
    if (isCoreSymbol(symbol, "Duration")) return { kind: "duration" };
    if (isCoreSymbol(symbol, "FlyteFile") || isCoreSymbol(symbol, "FlyteDirectory")) {
      const format = (type.aliasTypeArguments ?? args)[0];
      const value =
        format !== undefined && format.flags & ts.TypeFlags.StringLiteral
          ? (format as ts.StringLiteralType).value
          : "";
      return { kind: name === "FlyteFile" ? "file" : "directory", format: value };
    }
    if (checker.isTupleType(type)) {
      throw new Unmappable(
        `the tuple ${checker.typeToString(type)} is only supported as a return type (outputs o0, o1, ...)`,
      );
    }
    if (checker.isArrayType(type)) return { kind: "list", of: this.map(args[0] as ts.Type, seen) };
    if (name === "Map" || name === "ReadonlyMap") {
      const [key, value] = args;
      if (key === undefined || value === undefined || !(key.flags & ts.TypeFlags.String)) {
        throw new Unmappable(`${checker.typeToString(type)}: Flyte maps have string keys`);
      }
      return { kind: "map", of: this.map(value, seen) };
    }
    if (name === "Promise") throw new Unmappable("a Promise is only supported as a return type");
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) {
      throw new Unmappable(`the function type ${checker.typeToString(type)} has no Flyte type`);
    }
    const properties = checker.getPropertiesOfType(type).filter((p) => !(p.flags & ts.SymbolFlags.Method));
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index !== undefined && properties.length === 0) {
      // Record<string, unknown> and Record<string, JsonValue>: flytekit's untyped dict.
      if (index.type.flags & ts.TypeFlags.Unknown || isCoreSymbol(index.type.aliasSymbol, "JsonValue"))
        return { kind: "dict" };
      return { kind: "map", of: this.map(index.type, seen) };
    }
    if (seen.has(type))
      throw new Unmappable(`the recursive type ${checker.typeToString(type)} has no Flyte type`);
    const inner = new Set(seen).add(type);
    const structName = name === undefined || name.startsWith("__") ? "Struct" : name;
    return {
      kind: "struct",
      name: structName,
      fields: properties.map((property) => {
        try {
          const mapped = this.map(checker.getTypeOfSymbolAtLocation(property, this.#at), inner);
          // `x?: T` under exactOptionalPropertyTypes has type T: it may still be missing.
          const optional = property.flags & ts.SymbolFlags.Optional && !admitsNone(mapped);
          return {
            name: property.getName(),
            type: optional
              ? { kind: "union" as const, variants: [mapped, { kind: "none" as const }] }
              : mapped,
          };
        } catch (error) {
          if (error instanceof Unmappable)
            throw new Unmappable(`${structName}.${property.getName()}: ${error.reason}`);
          throw error;
        }
      }),
    };
  }
}
