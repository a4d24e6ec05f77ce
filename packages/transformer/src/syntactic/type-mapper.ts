/**
 * Type annotations to type descriptors without a checker: the README's type vocabulary, written
 * out (keywords, core's types, arrays, maps, records, unions, string-literal enums, interfaces
 * and object types, aliases of these, across the project's relative imports), mapped exactly as
 * the checker-based mapper maps the types they denote. Everything else declines.
 */
import type { TypeDescriptor } from "@flytekit-ts/core/manifest";
import type { TSPropertySignature, TSSignature, TSType, TSTypeReference } from "oxc-parser";
import { Decline } from "./decline.js";
import { type ParsedModule, propertyName, type TypeDeclaration } from "./parsed-module.js";
import type { Reads } from "./reads.js";

/** A member of a union once aliases and nested unions are flattened. */
type Atom =
  | { readonly kind: "string" | "number" | "bigint" | "boolean" | "nullish" }
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "mapped"; readonly descriptor: TypeDescriptor; readonly key: unknown };

/** What a name in a type position means in a module. */
export type NameMeaning =
  | { readonly kind: "declaration"; readonly declaration: TypeDeclaration; readonly module: ParsedModule }
  | { readonly kind: "core"; readonly name: string }
  | { readonly kind: "global"; readonly name: string };

/** Resolves names across modules: the syntactic front's project. */
export interface NameScope {
  meaningOf(name: string, module: ParsedModule): NameMeaning;
  /** Runs `compute`, recording the files and resolutions it reads. */
  recording<T>(compute: () => T): { value: T; reads: Reads };
  /** Counts earlier reads as read now (a result reused from a memo still depends on them). */
  noteReads(files: Iterable<string>, resolutions: Iterable<readonly [string, string]>): void;
}

/** core's types with a fixed mapping (FlyteFile and FlyteDirectory take a format). */
const CORE_TYPES: Readonly<Record<string, TypeDescriptor>> = {
  Int: { kind: "int" },
  Duration: { kind: "duration" },
  JsonObject: { kind: "dict" },
  JsonValue: { kind: "dict" },
};

function admitsNone(descriptor: TypeDescriptor): boolean {
  return descriptor.kind === "none" || (descriptor.kind === "union" && descriptor.variants.some(admitsNone));
}

/** The checker orders a union's primitive members by creation: string, number, bigint. */
const PRIMITIVE_ORDER = ["string", "number", "bigint"] as const;

export interface TypeMapperOptions {
  readonly strictNullChecks: boolean;
  readonly exactOptionalPropertyTypes: boolean;
}

export class SyntacticTypeMapper {
  readonly #scope: NameScope;
  readonly #options: TypeMapperOptions;
  /**
   * What a declaration denotes, once found: a project's tasks share a few types. A result does not
   * depend on where it is used (recursion declines, and a decline is never kept).
   */
  readonly #denoted = new Map<TypeDeclaration, { readonly atoms: readonly Atom[]; readonly reads: Reads }>();

  constructor(scope: NameScope, options: TypeMapperOptions) {
    this.#scope = scope;
    this.#options = options;
  }

  /** The descriptor of `type` as written in `module`; `optional` adds `undefined` (`p?: T`). */
  map(type: TSType, module: ParsedModule, optional = false): TypeDescriptor {
    return this.#mapAtoms(this.#atoms(type, module, new Set(), []), optional);
  }

  /**
   * An alias's annotation, followed through non-generic aliases (`type Pair = [A, B]`), with the
   * module it is written in.
   */
  dealias(type: TSType, module: ParsedModule): { type: TSType; module: ParsedModule } {
    let current = { type, module };
    for (let depth = 0; depth < 32; depth++) {
      const inner = current.type.type === "TSParenthesizedType" ? current.type.typeAnnotation : current.type;
      if (inner.type !== "TSTypeReference" || inner.typeArguments !== null)
        return { ...current, type: inner };
      const meaning = this.#meaning(inner, current.module);
      if (meaning.kind !== "declaration" || meaning.declaration.type !== "TSTypeAliasDeclaration")
        return { ...current, type: inner };
      if (meaning.declaration.typeParameters !== null) throw new Decline("a generic alias");
      current = { type: meaning.declaration.typeAnnotation, module: meaning.module };
    }
    throw new Decline("an alias chain too long");
  }

  /** Is `type` a reference to the global `name` (`Promise`, `Date`: not one the module declares)? */
  isGlobal(type: TSType, module: ParsedModule, name: string): type is TSTypeReference {
    if (type.type !== "TSTypeReference" || type.typeName.type !== "Identifier") return false;
    if (type.typeName.name !== name) return false;
    return this.#scope.meaningOf(name, module).kind === "global";
  }

  /** What `name` means in `module`. */
  meaningOf(name: string, module: ParsedModule): NameMeaning {
    return this.#scope.meaningOf(name, module);
  }

  #meaning(type: TSTypeReference, module: ParsedModule): NameMeaning {
    if (type.typeName.type !== "Identifier") throw new Decline("a qualified type name");
    return this.#scope.meaningOf(type.typeName.name, module);
  }

  #mapAtoms(atoms: readonly Atom[], optional: boolean): TypeDescriptor {
    const strict = this.#options.strictNullChecks;
    // Without strictNullChecks, null and undefined are in every type: a union drops them.
    const written =
      strict || atoms.every((atom) => atom.kind === "nullish")
        ? atoms
        : atoms.filter((atom) => atom.kind !== "nullish");
    const all = optional && strict ? [...written, { kind: "nullish" } as const] : written;
    const isUnion = all.length > 1;
    if (!isUnion) {
      const [atom] = all;
      if (atom === undefined) throw new Decline("an empty type");
      return this.#single(atom);
    }
    const nullish = all.some((atom) => atom.kind === "nullish");
    const rest = all.filter((atom) => atom.kind !== "nullish");
    let inner: TypeDescriptor;
    if (rest.length === 0) throw new Decline("a union of only null and undefined");
    if (rest.every((atom) => atom.kind === "literal")) {
      const values = [...new Set(rest.map((atom) => atom.value))];
      inner = { kind: "enum", values };
    } else {
      if (rest.some((atom) => atom.kind === "literal")) throw new Decline("a union of literals and types");
      const variants: TypeDescriptor[] = [];
      if (rest.some((atom) => atom.kind === "boolean")) variants.push({ kind: "boolean" });
      for (const primitive of PRIMITIVE_ORDER)
        if (rest.some((atom) => atom.kind === primitive)) variants.push(this.#single({ kind: primitive }));
      const mapped = rest.filter((atom) => atom.kind === "mapped");
      // Other members follow in the order the checker created them: only one is certain.
      if (new Set(mapped.map((atom) => atom.key)).size > 1) throw new Decline("a union of two object types");
      if (mapped[0] !== undefined) variants.push(mapped[0].descriptor);
      inner = variants.length === 1 ? (variants[0] as TypeDescriptor) : { kind: "union", variants };
    }
    if (!nullish) return inner;
    const variants = inner.kind === "union" ? [...inner.variants] : [inner];
    return { kind: "union", variants: [...variants, { kind: "none" }] };
  }

  #single(atom: Atom): TypeDescriptor {
    switch (atom.kind) {
      case "string":
        return { kind: "string" };
      case "number":
        return { kind: "float" };
      case "bigint":
        return { kind: "int", bigint: true };
      case "boolean":
        return { kind: "boolean" };
      case "nullish":
        return { kind: "none" };
      case "literal":
        return { kind: "enum", values: [atom.value] };
      default:
        return atom.descriptor;
    }
  }

  /** The union members `type` denotes (one for a non-union type). */
  #atoms(type: TSType, module: ParsedModule, seen: ReadonlySet<TypeDeclaration>, out: Atom[]): Atom[] {
    switch (type.type) {
      case "TSParenthesizedType":
        return this.#atoms(type.typeAnnotation, module, seen, out);
      case "TSUnionType":
        for (const member of type.types) this.#atoms(member, module, seen, out);
        return out;
      case "TSStringKeyword":
        out.push({ kind: "string" });
        return out;
      case "TSNumberKeyword":
        out.push({ kind: "number" });
        return out;
      case "TSBigIntKeyword":
        out.push({ kind: "bigint" });
        return out;
      case "TSBooleanKeyword":
        out.push({ kind: "boolean" });
        return out;
      case "TSNullKeyword":
      case "TSUndefinedKeyword":
      case "TSVoidKeyword":
        out.push({ kind: "nullish" });
        return out;
      case "TSLiteralType": {
        const { literal } = type;
        if (literal.type === "Literal" && typeof literal.value === "string")
          out.push({ kind: "literal", value: literal.value });
        else if (literal.type === "Literal" && typeof literal.value === "boolean")
          out.push({ kind: "boolean" });
        else throw new Decline("a literal type other than a string");
        return out;
      }
      case "TSTypeReference": {
        const meaning = this.#meaning(type, module);
        if (meaning.kind === "declaration") {
          let known = this.#denoted.get(meaning.declaration);
          if (known === undefined) {
            const { value: atoms, reads } = this.#scope.recording(() =>
              this.#declarationAtoms(type, meaning, seen),
            );
            known = { atoms, reads };
            this.#denoted.set(meaning.declaration, known);
          }
          // What the declaration's mapping read, this use depends on too.
          this.#scope.noteReads(known.reads.files, known.reads.resolutions);
          out.push(...known.atoms);
          return out;
        }
        out.push(this.#mapped(this.#reference(type, meaning, module, seen), type));
        return out;
      }
      case "TSArrayType":
        out.push(this.#mapped({ kind: "list", of: this.#descriptor(type.elementType, module, seen) }, type));
        return out;
      case "TSTypeOperator":
        if (type.operator === "readonly" && type.typeAnnotation.type === "TSArrayType")
          return this.#atoms(type.typeAnnotation, module, seen, out);
        throw new Decline(`the type operator ${type.operator}`);
      case "TSTypeLiteral":
        out.push(this.#mapped(this.#object(type.members, "Struct", module, seen), type));
        return out;
      default:
        throw new Decline(`a ${type.type}`);
    }
  }

  /** The atoms a reference to a project's interface or alias denotes. */
  #declarationAtoms(
    type: TSTypeReference,
    meaning: NameMeaning & { kind: "declaration" },
    seen: ReadonlySet<TypeDeclaration>,
  ): Atom[] {
    const { declaration } = meaning;
    if (declaration.type === "TSInterfaceDeclaration")
      return [this.#mapped(this.#reference(type, meaning, meaning.module, seen), declaration)];
    if (declaration.typeParameters !== null || type.typeArguments !== null)
      throw new Decline("a generic alias");
    if (seen.has(declaration)) throw new Decline("a recursive type");
    const inner = new Set(seen).add(declaration);
    const annotation = declaration.typeAnnotation;
    // An alias of an object type names its struct.
    if (annotation.type === "TSTypeLiteral")
      return [
        this.#mapped(
          this.#object(annotation.members, declaration.id.name, meaning.module, inner),
          declaration,
        ),
      ];
    return this.#atoms(annotation, meaning.module, inner, []);
  }

  #mapped(descriptor: TypeDescriptor, key: unknown): Atom {
    return { kind: "mapped", descriptor, key };
  }

  #descriptor(
    type: TSType,
    module: ParsedModule,
    seen: ReadonlySet<TypeDeclaration>,
    optional = false,
  ): TypeDescriptor {
    return this.#mapAtoms(this.#atoms(type, module, seen, []), optional);
  }

  #reference(
    type: TSTypeReference,
    meaning: NameMeaning,
    module: ParsedModule,
    seen: ReadonlySet<TypeDeclaration>,
  ): TypeDescriptor {
    const args = type.typeArguments?.params ?? [];
    if (meaning.kind === "core") {
      const fixed = CORE_TYPES[meaning.name];
      if (fixed !== undefined && args.length === 0) return fixed;
      if (meaning.name === "FlyteFile" || meaning.name === "FlyteDirectory") {
        const [format] = args;
        let value = "";
        if (format !== undefined) {
          if (
            format.type === "TSLiteralType" &&
            format.literal.type === "Literal" &&
            typeof format.literal.value === "string"
          )
            value = format.literal.value;
          else if (format.type !== "TSStringKeyword")
            throw new Decline("a file format that is not a literal");
        }
        return { kind: meaning.name === "FlyteFile" ? "file" : "directory", format: value };
      }
      throw new Decline(`core's ${meaning.name}`);
    }
    if (meaning.kind === "declaration") {
      const { declaration } = meaning;
      if (declaration.type !== "TSInterfaceDeclaration") throw new Decline("an alias");
      if (declaration.typeParameters !== null || args.length > 0) throw new Decline("a generic interface");
      if (declaration.extends.length > 0) throw new Decline("an interface that extends another");
      if (seen.has(declaration)) throw new Decline("a recursive type");
      return this.#object(
        declaration.body.body,
        declaration.id.name,
        meaning.module,
        new Set(seen).add(declaration),
      );
    }
    switch (meaning.name) {
      case "Date":
        if (args.length === 0) return { kind: "datetime" };
        break;
      case "Uint8Array":
        if (args.length === 0) return { kind: "binary" };
        break;
      case "Array":
      case "ReadonlyArray":
        if (args.length === 1 && args[0] !== undefined)
          return { kind: "list", of: this.#descriptor(args[0], module, seen) };
        break;
      case "Map":
      case "ReadonlyMap":
      case "Record": {
        const [key, value] = args;
        if (args.length !== 2 || key?.type !== "TSStringKeyword" || value === undefined) break;
        // Record<string, unknown> is flytekit's untyped dict.
        if (meaning.name === "Record" && value.type === "TSUnknownKeyword") return { kind: "dict" };
        const of = this.#descriptor(value, module, seen);
        return meaning.name === "Record" && of.kind === "dict" && this.#isJsonValue(value, module)
          ? { kind: "dict" }
          : { kind: "map", of };
      }
    }
    throw new Decline(`the type ${meaning.name}`);
  }

  /** `Record<string, JsonValue>` is a dict, not a map of dicts. */
  #isJsonValue(type: TSType, module: ParsedModule): boolean {
    if (type.type !== "TSTypeReference" || type.typeName.type !== "Identifier") return false;
    const meaning = this.#scope.meaningOf(type.typeName.name, module);
    return meaning.kind === "core" && meaning.name === "JsonValue";
  }

  #object(
    members: readonly TSSignature[],
    name: string,
    module: ParsedModule,
    seen: ReadonlySet<TypeDeclaration>,
  ): TypeDescriptor {
    const properties = members.filter((member) => member.type !== "TSMethodSignature");
    if (properties.length === 0) throw new Decline("an object type without properties");
    return {
      kind: "struct",
      name,
      fields: properties.map((member) => this.#field(member, module, seen)),
    };
  }

  #field(
    member: TSSignature,
    module: ParsedModule,
    seen: ReadonlySet<TypeDeclaration>,
  ): { name: string; type: TypeDescriptor } {
    if (member.type !== "TSPropertySignature") throw new Decline(`a ${member.type} in an object type`);
    const property: TSPropertySignature = member;
    if (property.computed || property.typeAnnotation === null)
      throw new Decline("a computed or untyped property");
    const name = propertyName(property.key);
    if (name === undefined) throw new Decline("a property name that is not an identifier or a string");
    const annotation = property.typeAnnotation.typeAnnotation;
    if (!property.optional) return { name, type: this.#descriptor(annotation, module, seen) };
    // `x?: T` is `T | undefined` under strictNullChecks (not under exactOptionalPropertyTypes);
    // either way it may be missing: a union with none.
    const addsUndefined = this.#options.strictNullChecks && !this.#options.exactOptionalPropertyTypes;
    const mapped = this.#descriptor(annotation, module, seen, addsUndefined);
    return {
      name,
      type: admitsNone(mapped) ? mapped : { kind: "union", variants: [mapped, { kind: "none" }] },
    };
  }
}
