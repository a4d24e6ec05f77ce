/**
 * Type descriptors: the one vocabulary for Flyte types in flytekit-ts.
 *
 * The compiler transformer writes them into emitted code and into the task manifest, and users
 * write them by hand (`t.int`, `t.list(t.string)`, ...) where no transformer runs. They are plain,
 * JSON-serializable data: no classes, no functions.
 */
export type TypeDescriptor =
  | IntDescriptor
  | FloatDescriptor
  | StringDescriptor
  | BooleanDescriptor
  | DatetimeDescriptor
  | DurationDescriptor
  | NoneDescriptor
  | ListDescriptor
  | MapDescriptor
  | UnionDescriptor
  | EnumDescriptor
  | BlobDescriptor
  | StructDescriptor
  | BinaryDescriptor
  | DictDescriptor;

/**
 * A 64-bit integer: Flyte `INTEGER`. Read back as an `Int` (a safe-integer `number`), or as a
 * `bigint` when `bigint` is set (the TypeScript type was `bigint`).
 */
export interface IntDescriptor {
  readonly kind: "int";
  readonly bigint?: boolean;
}
/** A double (`number`): Flyte `FLOAT`. */
export interface FloatDescriptor {
  readonly kind: "float";
}
/** A string: Flyte `STRING`. */
export interface StringDescriptor {
  readonly kind: "string";
}
/** A boolean: Flyte `BOOLEAN`. */
export interface BooleanDescriptor {
  readonly kind: "boolean";
}
/** A UTC instant (`Date`): Flyte `DATETIME`. */
export interface DatetimeDescriptor {
  readonly kind: "datetime";
}
/** A span of time (`Duration`): Flyte `DURATION`. */
export interface DurationDescriptor {
  readonly kind: "duration";
}
/** No value (`null`/`undefined`): Flyte `NONE`. */
export interface NoneDescriptor {
  readonly kind: "none";
}
/** An array of one element type: a Flyte collection. */
export interface ListDescriptor {
  readonly kind: "list";
  readonly of: TypeDescriptor;
}
/** A string-keyed map of one value type: a Flyte map. */
export interface MapDescriptor {
  readonly kind: "map";
  readonly of: TypeDescriptor;
}
/**
 * A value of one of several types: a Flyte union. `t.optional(T)` is the union of `T` and
 * `t.none`, exactly as flytekit's `Optional[T]`.
 */
export interface UnionDescriptor {
  readonly kind: "union";
  readonly variants: readonly TypeDescriptor[];
}
/** One of a fixed set of strings: a Flyte enum. */
export interface EnumDescriptor {
  readonly kind: "enum";
  readonly values: readonly string[];
}
/** A file (`SINGLE`) or a directory (`MULTIPART`), with an optional format such as `"csv"`. */
export interface BlobDescriptor {
  readonly kind: "file" | "directory";
  readonly format: string;
}

/** One field of a struct. */
export interface StructField {
  readonly name: string;
  readonly type: TypeDescriptor;
}

/**
 * An object type (interface, type literal, class with fields): Flyte `STRUCT`, written as msgpack
 * exactly like a flytekit dataclass, so the two interoperate. Fields keep declaration order; a field
 * whose type includes `t.none` may be missing.
 */
export interface StructDescriptor {
  readonly kind: "struct";
  /** The type's name (the dataclass name on the Python side). */
  readonly name: string;
  readonly fields: readonly StructField[];
}

/**
 * An untyped JSON object (`JsonObject`, `Record<string, unknown>`): flytekit's untyped `dict`, a
 * `STRUCT` whose literal is the object in msgpack.
 */
export interface DictDescriptor {
  readonly kind: "dict";
}

/** Raw bytes (`Uint8Array`): Flyte `BINARY`. flytekit has no counterpart (it pickles `bytes`). */
export interface BinaryDescriptor {
  readonly kind: "binary";
}

/** Adds `variant` to `into`, flattening nested unions and dropping exact repeats. */
function addVariant(into: TypeDescriptor[], variant: TypeDescriptor): void {
  if (variant.kind === "union") {
    for (const inner of variant.variants) addVariant(into, inner);
    return;
  }
  const key = JSON.stringify(variant);
  if (!into.some((existing) => JSON.stringify(existing) === key)) into.push(variant);
}

/** Builders for {@link TypeDescriptor}s. */
export const t = {
  int: { kind: "int" } as IntDescriptor,
  /** A 64-bit integer read back as a `bigint`. */
  bigint: { kind: "int", bigint: true } as IntDescriptor,
  binary: { kind: "binary" } as BinaryDescriptor,
  /** An untyped JSON object (`JsonObject`, `Record<string, unknown>`): flytekit's untyped `dict`. */
  dict: { kind: "dict" } as DictDescriptor,
  float: { kind: "float" } as FloatDescriptor,
  string: { kind: "string" } as StringDescriptor,
  boolean: { kind: "boolean" } as BooleanDescriptor,
  datetime: { kind: "datetime" } as DatetimeDescriptor,
  duration: { kind: "duration" } as DurationDescriptor,
  none: { kind: "none" } as NoneDescriptor,
  /** `T[]`. */
  list(of: TypeDescriptor): ListDescriptor {
    return { kind: "list", of };
  },
  /** `Record<string, T>` or `Map<string, T>`. */
  map(of: TypeDescriptor): MapDescriptor {
    return { kind: "map", of };
  },
  /** `T | undefined`: the union of `T` and `t.none`, with `t.none` last as in flytekit's `Optional`. */
  optional(of: TypeDescriptor): UnionDescriptor {
    const variants: TypeDescriptor[] = [];
    addVariant(variants, of);
    addVariant(variants, { kind: "none" });
    return { kind: "union", variants };
  },
  /** `A | B | ...`: nested unions are flattened and repeats dropped, as `typing.Union` does. */
  union(...of: TypeDescriptor[]): UnionDescriptor {
    const variants: TypeDescriptor[] = [];
    for (const variant of of) addVariant(variants, variant);
    return { kind: "union", variants };
  },
  /** A string enum or a union of string literals, values in declaration order. */
  enum(values: readonly string[]): EnumDescriptor {
    return { kind: "enum", values: [...values] };
  },
  /** An object type with fields in declaration order: `t.struct("Point", { x: t.int, y: t.int })`. */
  struct(name: string, fields: Readonly<Record<string, TypeDescriptor>>): StructDescriptor {
    return {
      kind: "struct",
      name,
      fields: Object.entries(fields).map(([field, type]) => ({ name: field, type })),
    };
  },
  /** `FlyteFile`, or `FlyteFile<"csv">` with a format. */
  file(format = ""): BlobDescriptor {
    return { kind: "file", format };
  },
  /** `FlyteDirectory`, optionally with a format. */
  directory(format = ""): BlobDescriptor {
    return { kind: "directory", format };
  },
} as const;

/** A short, readable rendering of a descriptor for error messages (`list<int>`, `int | none`). */
export function describeType(descriptor: TypeDescriptor): string {
  switch (descriptor.kind) {
    case "list":
      return `list<${describeType(descriptor.of)}>`;
    case "map":
      return `map<string, ${describeType(descriptor.of)}>`;
    case "union":
      return descriptor.variants.map(describeType).join(" | ");
    case "enum":
      return `enum(${descriptor.values.map((value) => JSON.stringify(value)).join(", ")})`;
    case "file":
    case "directory":
      return descriptor.format === "" ? descriptor.kind : `${descriptor.kind}<${descriptor.format}>`;
    case "struct":
      return descriptor.name;
    case "int":
      return descriptor.bigint === true ? "bigint" : "int";
    default:
      return descriptor.kind;
  }
}
