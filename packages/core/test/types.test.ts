import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  Duration,
  FlyteDirectory,
  FlyteFile,
  fromLiteral,
  fromLiteralMap,
  isConversionError,
  isFlyteError,
  literalTypeOf,
  type TypeDescriptor,
  t,
  toLiteral,
  toLiteralMap,
} from "../src/index.js";

const python = JSON.parse(
  readFileSync(new URL("./fixtures/msgpack/python-packb.json", import.meta.url), "utf8"),
) as Record<string, string>;

function structBytes(descriptor: TypeDescriptor, value: unknown): string {
  const literal = toLiteral(descriptor, value);
  if (literal.value.case !== "scalar" || literal.value.value.value.case !== "binary")
    throw new Error("not binary");
  expect(literal.value.value.value.value.tag).toBe("msgpack");
  return Buffer.from(literal.value.value.value.value.value).toString("hex");
}

/** Struct descriptors and values equal to the dicts of fixtures/msgpack/generate.py. */
const cases: Record<string, [TypeDescriptor, Record<string, unknown>]> = {
  point: [t.struct("Point", { x: t.int, y: t.int }), { x: 1, y: -2 }],
  floats: [
    t.struct("Floats", { whole: t.float, half: t.float, neg: t.float, big: t.float }),
    { whole: 1, half: 0.5, neg: -3, big: 1e300 },
  ],
  ints: [
    t.struct("Ints", {
      small: t.int,
      u8: t.int,
      u16: t.int,
      u32: t.int,
      u64: t.bigint,
      nfix: t.int,
      i8: t.int,
      i16: t.int,
      i32: t.int,
      i64: t.bigint,
    }),
    {
      small: 127,
      u8: 200,
      u16: 60000,
      u32: 4000000000,
      u64: 2n ** 63n - 1n,
      nfix: -32,
      i8: -100,
      i16: -30000,
      i32: -2000000000,
      i64: -(2n ** 63n),
    },
  ],
  strings: [
    t.struct("Strings", {
      empty: t.string,
      fix: t.string,
      str8: t.string,
      str16: t.string,
      unicode: t.string,
    }),
    { empty: "", fix: "hello", str8: "x".repeat(40), str16: "y".repeat(300), unicode: "héllo 😀" },
  ],
  nested: [
    t.struct("Run", {
      name: t.string,
      tags: t.list(t.string),
      weights: t.map(t.float),
      inner: t.struct("Point", { x: t.int, y: t.int }),
      maybe: t.optional(t.int),
      flag: t.boolean,
    }),
    { name: "run", tags: ["a", "b"], weights: { a: 0.5, b: 2 }, inner: { x: 3, y: 4 }, flag: true },
  ],
  when: [
    t.struct("When", {
      at: t.datetime,
      span: t.duration,
      color: t.enum(["red", "green"]),
      file: t.file("csv"),
    }),
    {
      at: new Date("2024-01-02T03:04:05.678Z"),
      span: new Duration(90, 250_000_000),
      color: "green",
      file: new FlyteFile("s3://bucket/key.csv", "csv"),
    },
  ],
  wide: [
    t.struct("Wide", Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, t.int]))),
    Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i])),
  ],
  longlist: [t.struct("Long", { items: t.list(t.int) }), { items: Array.from({ length: 20 }, (_, i) => i) }],
  bytes: [t.struct("Bytes", { raw: t.binary }), { raw: new Uint8Array([0, 1, 255]) }],
};

describe("struct values are msgpack bytes equal to Python's packb(..., use_bin_type=True)", () => {
  test("every Python case has a TypeScript counterpart", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(python).sort());
  });
  for (const [name, [descriptor, value]] of Object.entries(cases)) {
    test(name, () => {
      expect(structBytes(descriptor, value)).toBe(python[name]);
      // and back
      const back = fromLiteral(descriptor, toLiteral(descriptor, value));
      expect(back).toEqual(value);
    });
  }
});

describe("struct LiteralType, as flytekit's dataclass transformer", () => {
  test("STRUCT with JSON Schema metadata, dataclass_type structure and the msgpack annotation", () => {
    const point = t.struct("Point", { x: t.int, label: t.optional(t.string), tags: t.list(t.string) });
    const type = literalTypeOf(point);
    expect(type.type).toEqual({ case: "simple", value: 9 });
    expect(type.metadata).toEqual({
      additionalProperties: false,
      properties: {
        label: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
        tags: { items: { type: "string" }, type: "array" },
        x: { type: "integer" },
      },
      required: ["x", "tags"],
      title: "Point",
      type: "object",
    });
    expect(Object.keys(type.structure?.dataclassType ?? {})).toEqual(["label", "tags", "x"]);
    expect(type.structure?.tag).toBe("");
    expect(type.annotation?.annotations).toEqual({
      "cache-key-metadata": { "serialization-format": "msgpack" },
    });
  });
});

/** Wrong values for each descriptor kind, with the message part that names what was expected and found. */
const bad: [string, TypeDescriptor, unknown, string][] = [
  ["int: boolean", t.int, true, "expected int, got boolean true"],
  ["int: fraction", t.int, 1.5, "expected int, got number 1.5"],
  ["int: NaN", t.int, Number.NaN, "expected int, got number NaN"],
  ["int: unsafe number", t.int, 2 ** 60, "expected int, got number"],
  ["int: string", t.int, "1", 'expected int, got string "1"'],
  ["bigint: out of int64", t.bigint, 2n ** 64n, "expected bigint, got bigint"],
  ["float: string", t.float, "1.0", 'expected float, got string "1.0"'],
  ["float: bigint", t.float, 1n, "expected float, got bigint 1n"],
  ["string: number", t.string, 1, "expected string, got number 1"],
  ["boolean: string", t.boolean, "true", 'expected boolean, got string "true"'],
  ["datetime: invalid Date", t.datetime, new Date("nope"), "expected datetime, got an invalid Date"],
  ["datetime: string", t.datetime, "2024-01-01", 'expected datetime, got string "2024-01-01"'],
  ["duration: number", t.duration, 5, "expected duration, got number 5"],
  ["none: 0", t.none, 0, "expected none, got number 0"],
  ["binary: array", t.binary, [1], "expected binary, got array of 1"],
  ["enum: other string", t.enum(["a"]), "b", 'expected enum("a"), got string "b"'],
  ["file: string", t.file(), "/tmp/x", 'expected file, got string "/tmp/x"'],
  ["directory: file", t.directory(), new FlyteFile("x"), "expected directory, got FlyteFile"],
  ["list: element", t.list(t.int), [1, "2"], 'value[1]: expected int, got string "2"'],
  ["list: not an array", t.list(t.int), { 0: 1 }, "expected list<int>, got Object"],
  ["map: non-string key", t.map(t.int), new Map([[1, 1]]), "Flyte MapType expects all keys to be strings"],
  ["map: value", t.map(t.int), { a: 1.5 }, 'value["a"]: expected int, got number 1.5'],
  ["union: no variant", t.union(t.int, t.string), true, "expected int | string, got boolean true"],
  ["union: ambiguous", t.union(t.string, t.enum(["a"])), "a", "Ambiguous choice of variant for union type."],
  ["optional: wrong", t.optional(t.int), "x", 'expected int | none, got string "x"'],
  ["struct: field", t.struct("P", { x: t.int }), { x: "1" }, 'value.x: expected int, got string "1"'],
  ["struct: unknown field", t.struct("P", { x: t.int }), { x: 1, y: 2 }, 'unknown field "y"'],
  ["struct: missing field", t.struct("P", { x: t.int }), {}, "value.x: expected int, got undefined"],
  ["struct: not an object", t.struct("P", { x: t.int }), [1], "expected P, got array of 1"],
];

describe("bad values are typed errors naming where, what was expected and what was found", () => {
  test.each(bad)("%s", (_name, descriptor, value, message) => {
    let error: unknown;
    try {
      toLiteral(descriptor, value);
    } catch (e) {
      error = e;
    }
    expect(isConversionError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  test("every descriptor kind has a bad-value case", () => {
    const kinds = new Set(bad.map(([, d]) => d.kind));
    for (const kind of [
      "int",
      "float",
      "string",
      "boolean",
      "datetime",
      "duration",
      "none",
      "binary",
      "enum",
      "file",
      "directory",
      "list",
      "map",
      "union",
      "struct",
    ]) {
      expect(kinds.has(kind as TypeDescriptor["kind"]), kind).toBe(true);
    }
  });

  test("literals of the wrong kind are errors too", () => {
    expect(() => fromLiteral(t.string, toLiteral(t.int, 1))).toThrow(
      "expected string, got a literal with integer 1",
    );
    expect(() => fromLiteral(t.list(t.int), toLiteral(t.map(t.int), {}))).toThrow("got a literal with map");
    expect(() =>
      fromLiteral(t.struct("P", { x: t.int }), toLiteral(t.binary, new Uint8Array([0xc1]))),
    ).toThrow('a struct is msgpack binary tagged "msgpack"');
    const corrupt = toLiteral(t.struct("P", { x: t.int }), { x: 1 });
    if (corrupt.value.case === "scalar" && corrupt.value.value.value.case === "binary")
      corrupt.value.value.value.value.value = new Uint8Array([0xc1]);
    expect(() => fromLiteral(t.struct("P", { x: t.int }), corrupt)).toThrow("unreadable bytes");
    expect(() => fromLiteral(t.enum(["a"]), toLiteral(t.string, "z"))).toThrow('expected enum("a")');
  });
});

describe("literal maps for whole interfaces", () => {
  const inputs = new Map<string, TypeDescriptor>([
    ["a", t.int],
    ["b", t.optional(t.string)],
    ["when", t.datetime],
  ]);
  const at = new Date("2024-05-06T07:08:09.000Z");

  test("round trip, sorted keys, optional inputs may be left out", () => {
    const map = toLiteralMap(inputs, { when: at, a: 1 });
    expect(Object.keys(map.literals)).toEqual(["a", "b", "when"]);
    expect(fromLiteralMap(inputs, map)).toEqual({ a: 1, when: at });
  });

  test("errors name the task and the variable", () => {
    const context = { task: "add" } as const;
    expect(() => toLiteralMap(inputs, { a: true, when: at }, context)).toThrow(
      'Task add: input "a": expected int, got boolean true',
    );
    expect(() => toLiteralMap(inputs, { when: at }, context)).toThrow('Task add: input "a" is missing');
    expect(() => toLiteralMap(inputs, { a: 1, when: at, c: 3 }, context)).toThrow(
      'Task add has no input named "c" (its inputs: a, b, when)',
    );
    const outputs = new Map<string, TypeDescriptor>([["o0", t.int]]);
    expect(() =>
      fromLiteralMap(outputs, toLiteralMap(new Map(), {}), { task: "add", side: "output" }),
    ).toThrow('Task add: output "o0" is missing');
    const wrong = toLiteralMap(new Map([["o0", t.string]]), { o0: "x" });
    let error: unknown;
    try {
      fromLiteralMap(outputs, wrong, { task: "add", side: "output" });
    } catch (e) {
      error = e;
    }
    expect(isFlyteError(error, "TYPE_MISMATCH")).toBe(true);
    expect((error as Error).message).toBe(
      'Task add: output "o0": expected int, got a literal with stringValue "x"',
    );
  });

  test("keys named __proto__ stay data", () => {
    const read = fromLiteral(
      t.map(t.int),
      toLiteral(t.map(t.int), JSON.parse('{"__proto__": 1, "a": 2}')),
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.keys(read).sort()).toEqual(["__proto__", "a"]);
  });

  test("a struct field or map key named __proto__ is written, and refused on read (no prototype pollution)", () => {
    const weird: TypeDescriptor = {
      kind: "struct",
      name: "W",
      fields: [
        { name: "__proto__", type: t.optional(t.int) },
        { name: "m", type: t.map(t.int) },
      ],
    };
    const value = JSON.parse('{"__proto__": 1, "m": {"__proto__": 2}}');
    const literal = toLiteral(weird, value);
    expect(() => fromLiteral(weird, literal)).toThrow("The key __proto__ is not allowed");
    // A missing __proto__ field is written as none, not read from Object.prototype.
    const missing = toLiteral(weird, { m: {} });
    expect(() => fromLiteral(weird, missing)).toThrow("unreadable bytes");
  });

  test("directories and files read back with their format", () => {
    expect(fromLiteral(t.file("csv"), toLiteral(t.file("csv"), new FlyteFile("/x.csv")))).toEqual(
      new FlyteFile("/x.csv", "csv"),
    );
    expect(fromLiteral(t.directory(), toLiteral(t.directory(), new FlyteDirectory("/d")))).toEqual(
      new FlyteDirectory("/d"),
    );
  });
});
