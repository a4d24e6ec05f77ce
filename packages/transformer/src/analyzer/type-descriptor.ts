import type { TypeDescriptor } from "@flytekit-ts/core";
import type ts from "typescript";
import { Unmappable } from "./unmappable.js";
import {
  aliasDeclarationOf,
  declaredLiterals,
  inDeclarationOrder,
  propertyTypeNode,
} from "./written-types.js";

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

  /**
   * @param written the type as written where it is used, when there is one (an annotation, a
   *   property's type): an enum's values are read in the order it writes them.
   */
  map(type: ts.Type, seen: ReadonlySet<ts.Type> = new Set(), writtenAs?: ts.TypeNode): TypeDescriptor {
    const ts = this.#ts;
    let written = this.#dealiased(writtenAs);
    // `T | null` written, T checked (without strictNullChecks null and undefined are in every type).
    if (written !== undefined && ts.isUnionTypeNode(written) && !(type.flags & ts.TypeFlags.Union))
      written = this.#soleMemberNode(written);
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
    if (f & ts.TypeFlags.Union) return this.#union(type as ts.UnionType, seen, written);
    if (f & ts.TypeFlags.StringLiteral)
      return { kind: "enum", values: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.String) return { kind: "string" };
    if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { kind: "float" };
    if (f & (ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) return { kind: "int", bigint: true };
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { kind: "boolean" };
    if (f & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { kind: "none" };
    if (f & ts.TypeFlags.Object) return this.#object(type as ts.ObjectType, seen, written);
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

  /** The string values `written` (else the union's alias declaration) lists, in its order. */
  #declaredOrder(type: ts.UnionType, written: ts.TypeNode | undefined): string[] | undefined {
    const ts = this.#ts;
    const fromNode = written === undefined ? undefined : declaredLiterals(ts, this.#checker, written);
    if (fromNode !== undefined) return fromNode;
    const alias = type.aliasSymbol?.declarations?.find(ts.isTypeAliasDeclaration);
    return alias === undefined ? undefined : declaredLiterals(ts, this.#checker, alias.type);
  }

  #union(type: ts.UnionType, seen: ReadonlySet<ts.Type>, written?: ts.TypeNode): TypeDescriptor {
    const ts = this.#ts;
    const nullish = type.types.filter(
      (t) => t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void),
    );
    let rest = type.types.filter((t) => !nullish.includes(t));
    let inner: TypeDescriptor;
    const booleans = rest.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (rest.length > 0 && rest.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
      // String literal unions and string enums: an enum, values in declaration order.
      const values = rest.map((t) => (t as ts.StringLiteralType).value);
      inner = { kind: "enum", values: inDeclarationOrder(values, this.#declaredOrder(type, written)) };
    } else {
      const variants: TypeDescriptor[] = [];
      if (booleans.length > 0) {
        variants.push({ kind: "boolean" });
        rest = rest.filter((t) => !booleans.includes(t));
      }
      if (rest.some((t) => t.flags & ts.TypeFlags.EnumLiteral)) {
        throw new Unmappable(`${this.#checker.typeToString(type)}: only string enums have a Flyte type`);
      }
      // The one member besides null and undefined (`T | undefined`, `p?: T`) is the one written.
      const sole = rest.length === 1 ? this.#soleMemberNode(written) : undefined;
      for (const variant of rest) variants.push(this.map(variant, seen, sole));
      inner = variants.length === 1 ? (variants[0] as TypeDescriptor) : { kind: "union", variants };
    }
    if (nullish.length === 0) return inner;
    const variants = inner.kind === "union" ? [...inner.variants] : [inner];
    return { kind: "union", variants: [...variants, { kind: "none" }] };
  }

  #object(type: ts.ObjectType, seen: ReadonlySet<ts.Type>, written?: ts.TypeNode): TypeDescriptor {
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
    if (checker.isArrayType(type))
      return { kind: "list", of: this.map(args[0] as ts.Type, seen, this.#elementNode(written)) };
    if (name === "Map" || name === "ReadonlyMap") {
      const [key, value] = args;
      if (key === undefined || value === undefined || !(key.flags & ts.TypeFlags.String)) {
        throw new Unmappable(`${checker.typeToString(type)}: Flyte maps have string keys`);
      }
      return { kind: "map", of: this.map(value, seen, this.#typeArgumentNode(written, 1)) };
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
      return { kind: "map", of: this.map(index.type, seen, this.#typeArgumentNode(written, 1)) };
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
          const mapped = this.map(
            checker.getTypeOfSymbolAtLocation(property, this.#at),
            inner,
            propertyTypeNode(ts, property),
          );
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

  /** The element type as written: `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>`. */
  #elementNode(written: ts.TypeNode | undefined): ts.TypeNode | undefined {
    const ts = this.#ts;
    if (written === undefined) return undefined;
    if (ts.isParenthesizedTypeNode(written)) return this.#elementNode(written.type);
    if (ts.isTypeOperatorNode(written)) return this.#elementNode(written.type);
    if (ts.isArrayTypeNode(written)) return written.elementType;
    return this.#typeArgumentNode(written, 0);
  }

  /** The `index`th type argument as written (`Map<string, T>`, `Record<string, T>`: 1). */
  #typeArgumentNode(written: ts.TypeNode | undefined, index: number): ts.TypeNode | undefined {
    const ts = this.#ts;
    if (written === undefined) return undefined;
    if (ts.isParenthesizedTypeNode(written)) return this.#typeArgumentNode(written.type, index);
    return ts.isTypeReferenceNode(written) ? written.typeArguments?.[index] : undefined;
  }

  /** What a (non-generic) alias reference stands for, as written: `type Levels = "a" | "b"`. */
  #dealiased(written: ts.TypeNode | undefined, depth = 0): ts.TypeNode | undefined {
    const ts = this.#ts;
    if (written === undefined || depth > 16) return written;
    if (ts.isParenthesizedTypeNode(written)) return this.#dealiased(written.type, depth + 1);
    if (!ts.isTypeReferenceNode(written)) return written;
    const alias = aliasDeclarationOf(ts, this.#checker, written);
    return alias === undefined ? written : this.#dealiased(alias.type, depth + 1);
  }

  /** The members of a written union, nested unions, parentheses and aliases flattened. */
  #unionMembers(written: ts.TypeNode): ts.TypeNode[] {
    const ts = this.#ts;
    const node = this.#dealiased(written) ?? written;
    return ts.isUnionTypeNode(node) ? node.types.flatMap((member) => this.#unionMembers(member)) : [node];
  }

  /**
   * The one member of a written union besides `null`, `undefined`, `void` and booleans (what the
   * checker's union keeps as its only other member), or the type itself.
   */
  #soleMemberNode(written: ts.TypeNode | undefined): ts.TypeNode | undefined {
    const ts = this.#ts;
    if (written === undefined) return undefined;
    const members = this.#unionMembers(written).filter(
      (member) =>
        member.kind !== ts.SyntaxKind.UndefinedKeyword &&
        member.kind !== ts.SyntaxKind.VoidKeyword &&
        member.kind !== ts.SyntaxKind.BooleanKeyword &&
        !(
          ts.isLiteralTypeNode(member) &&
          (member.literal.kind === ts.SyntaxKind.NullKeyword ||
            member.literal.kind === ts.SyntaxKind.TrueKeyword ||
            member.literal.kind === ts.SyntaxKind.FalseKeyword)
        ),
    );
    return members.length === 1 ? members[0] : undefined;
  }
}
