import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { type Literal, LiteralSchema } from "../src/gen/flyteidl/core/literals_pb.js";
import { LiteralTypeSchema } from "../src/gen/flyteidl/core/types_pb.js";
import {
  Duration,
  FlyteDirectory,
  FlyteFile,
  fromLiteral,
  Int,
  literalTypeOf,
  type TypeDescriptor,
  t,
  toLiteral,
} from "../src/index.js";
import { goldenJson, pbjs, throughProtobufjs } from "./support/fixtures.js";

interface GoldenLiteral {
  input: string;
  python_type: string;
  literal_type_pb_b64: string;
  literal_pb_b64: string;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const literalBytes = (d: TypeDescriptor, v: unknown) => toBinary(LiteralSchema, toLiteral(d, v));

/** The TypeScript side of each golden sample of flytekit 1.16.24's literals.json. */
const samples: Record<string, [TypeDescriptor, unknown]> = {
  str: [t.string, "hello"],
  float: [t.float, 3.25],
  bool: [t.boolean, true],
  "List[int]": [t.list(t.int), [1, 2, 3]],
  "Dict[str, float]": [t.map(t.float), { b: 1.5, a: 0.5 }],
  "Optional[str] (value)": [t.optional(t.string), "present"],
  "Optional[str] (None)": [t.optional(t.string), undefined],
  "datetime (naive)": [t.datetime, new Date("2024-01-02T03:04:05.678Z")],
  "datetime (UTC-aware)": [t.datetime, new Date("2024-01-02T03:04:05.678Z")],
  timedelta: [t.duration, new Duration(90, 250_000_000)],
  "Enum Color": [t.enum(["red", "green", "blue"]), "green"],
};

describe("literals equal flytekit 1.16.24's, byte for byte", () => {
  const golden = goldenJson<GoldenLiteral[]>("literals.json");
  test("every golden sample has a TypeScript counterpart", () => {
    expect(golden.map((g) => g.python_type).sort()).toEqual(Object.keys(samples).sort());
  });
  for (const entry of golden) {
    test(`${entry.input}: ${entry.python_type}`, () => {
      const [descriptor, value] = samples[entry.python_type] ?? [t.none, null];
      expect(hex(toBinary(LiteralTypeSchema, literalTypeOf(descriptor)))).toBe(
        hex(Buffer.from(entry.literal_type_pb_b64, "base64")),
      );
      expect(hex(literalBytes(descriptor, value))).toBe(hex(Buffer.from(entry.literal_pb_b64, "base64")));
      // And back: flytekit's bytes read as the native value.
      const read = fromLiteral(
        descriptor,
        fromBinary(LiteralSchema, Buffer.from(entry.literal_pb_b64, "base64")),
      );
      expect(read).toEqual(value);
    });
  }
});

describe("literals flytekit's golden file lacks, derived from its rules", () => {
  test.each<[string, TypeDescriptor, unknown, string]>([
    // Literal{scalar{primitive{integer: 0}}}: the oneof member is written although it is 0.
    ["int 0", t.int, 0, "0a040a020800"],
    ["int -1 (ten-byte varint)", t.int, -1, "0a0d0a0b08ffffffffffffffffff01"],
    ["int64 max as bigint", t.bigint, 2n ** 63n - 1n, "0a0c0a0a08ffffffffffffffff7f"],
    ["float 0.0", t.float, 0, "0a0b0a09110000000000000000"],
    ["bool false", t.boolean, false, "0a040a022000"],
    ["empty string", t.string, "", "0a040a021a00"],
    ["none", t.none, null, "0a022a00"],
    ["empty list", t.list(t.int), [], "1200"],
    ["empty map", t.map(t.int), {}, "1a00"],
    ["enum value", t.enum(["a", "b"]), "b", "0a050a031a0162"],
  ])("%s", (_name, descriptor, value, expected) => {
    expect(hex(literalBytes(descriptor, value))).toBe(expected);
  });

  test("a list of lists nests collections", () => {
    // collection{ literals: [ collection{ literals: [ scalar{primitive{boolean: true}} ] } ] }
    const inner = "0a040a022001"; // Literal{scalar{primitive{boolean:true}}}
    const innerList = `12${(inner.length / 2 + 2).toString(16).padStart(2, "0")}0a${(inner.length / 2).toString(16).padStart(2, "0")}${inner}`;
    const outer = `12${(innerList.length / 2 + 2).toString(16).padStart(2, "0")}0a${(innerList.length / 2).toString(16).padStart(2, "0")}${innerList}`;
    expect(hex(literalBytes(t.list(t.list(t.boolean)), [[true]]))).toBe(outer);
  });

  test("map entries are sorted by key, as flytekit's deterministic bytes", () => {
    const forward = literalBytes(t.map(t.int), { a: 1, b: 2, "10": 3, "9": 4 });
    const reverse = literalBytes(
      t.map(t.int),
      new Map([
        ["9", 4],
        ["b", 2],
        ["10", 3],
        ["a", 1],
      ]),
    );
    expect(hex(forward)).toBe(hex(reverse));
    // Map entries on the wire: key field `0a <len> <key>`; "10" < "9" < "a" < "b" as strings.
    const at = (key: string) =>
      hex(forward).indexOf(
        `0a${key.length.toString(16).padStart(2, "0")}${Buffer.from(key).toString("hex")}12`,
      );
    const positions = ["10", "9", "a", "b"].map(at);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  });

  test("optional int and a union of int and string carry flytekit's variant tags", () => {
    const optional = toLiteral(t.optional(t.int), 7);
    expect(optional.value.case === "scalar" && optional.value.value.value.case === "union").toBe(true);
    const union = toLiteral(t.union(t.int, t.string), "x");
    const u =
      union.value.case === "scalar" && union.value.value.value.case === "union"
        ? union.value.value.value.value
        : undefined;
    expect(u?.type?.structure?.tag).toBe("str");
    expect(toLiteral(t.union(t.int, t.float), 3.5).value).toMatchObject({
      value: { value: { value: { type: { structure: { tag: "float" } } } } },
    });
    expect(toLiteral(t.union(t.int, t.float), 3).value).toMatchObject({
      value: { value: { value: { type: { structure: { tag: "int" } } } } },
    });
  });

  test("blobs carry their format and dimensionality; the type message is always present", () => {
    const file = toLiteral(t.file("csv"), new FlyteFile("s3://b/k.csv"));
    expect(file.value).toMatchObject({
      case: "scalar",
      value: {
        value: {
          case: "blob",
          value: { uri: "s3://b/k.csv", metadata: { type: { format: "csv", dimensionality: 0 } } },
        },
      },
    });
    const dir = toLiteral(t.directory(), new FlyteDirectory("/tmp/d"));
    expect(fromLiteral(t.directory(), dir)).toEqual(new FlyteDirectory("/tmp/d"));
    expect(() => fromLiteral(t.file(), dir)).toThrow("(a directory)");
  });
});

describe("reading accepts what flytekit accepts", () => {
  const lit = (d: TypeDescriptor, v: unknown): Literal => toLiteral(d, v);
  test("an integer literal for a float, an integral float literal for an int", () => {
    expect(fromLiteral(t.float, lit(t.int, 3))).toBe(3);
    expect(fromLiteral(t.int, lit(t.float, 4))).toBe(4);
    expect(() => fromLiteral(t.int, lit(t.float, 4.5))).toThrow(
      "expected int, got a literal with floatValue 4.5",
    );
  });

  test("a plain literal for a union, and union literals whose tag is unknown", () => {
    expect(fromLiteral(t.optional(t.int), lit(t.int, 5))).toBe(5);
    expect(fromLiteral(t.optional(t.int), lit(t.none, null))).toBeUndefined();
    const foreign = lit(t.optional(t.string), "x");
    if (foreign.value.case === "scalar" && foreign.value.value.value.case === "union") {
      const type = foreign.value.value.value.value.type;
      if (type?.structure) type.structure.tag = "SomethingElse";
    }
    expect(fromLiteral(t.union(t.int, t.string), foreign)).toBe("x");
  });

  test("the legacy JSON form of structs (scalar.generic)", () => {
    const point = t.struct("Point", { x: t.int, y: t.float, label: t.optional(t.string) });
    const legacy = create(LiteralSchema, {
      value: { case: "scalar", value: { value: { case: "generic", value: { x: 1, y: 2, label: null } } } },
    });
    expect(fromLiteral(point, legacy)).toEqual({ x: 1, y: 2 });
  });

  test("ints beyond 2^53 need a bigint descriptor", () => {
    const big = lit(t.bigint, 2n ** 60n);
    expect(fromLiteral(t.bigint, big)).toBe(2n ** 60n);
    expect(() => fromLiteral(t.int, big)).toThrow("declare it as bigint");
    expect(fromLiteral(t.int, lit(t.int, Int(7)))).toBe(7);
  });

  test("datetimes: sub-millisecond precision is dropped on read", () => {
    const at = create(LiteralSchema, {
      value: {
        case: "scalar",
        value: {
          value: {
            case: "primitive",
            value: { value: { case: "datetime", value: { seconds: 1n, nanos: 1_999_999 } } },
          },
        },
      },
    });
    expect((fromLiteral(t.datetime, at) as Date).getTime()).toBe(1001);
    const before = toLiteral(t.datetime, new Date(-1500));
    expect(before.value).toMatchObject({
      value: { value: { value: { value: { value: { seconds: -2n, nanos: 500_000_000 } } } } },
    });
    expect((fromLiteral(t.datetime, before) as Date).getTime()).toBe(-1500);
  });
});

describe("scalar literals are built directly, in create()'s exact shape", () => {
  test.each<[string, TypeDescriptor, unknown]>([
    ["int", t.int, 1],
    ["none", t.none, null],
    ["binary", t.binary, new Uint8Array([1])],
  ])("%s", (_name, descriptor, value) => {
    const direct = toLiteral(descriptor, value);
    const made = create(LiteralSchema, direct);
    expect(Object.keys(direct)).toEqual(Object.keys(made));
    expect(Object.getPrototypeOf(direct)).toBe(Object.getPrototypeOf(made));
    const scalar = direct.value.case === "scalar" ? direct.value.value : undefined;
    const madeScalar = made.value.case === "scalar" ? made.value.value : undefined;
    expect(Object.keys(scalar ?? {})).toEqual(Object.keys(madeScalar ?? {}));
    expect(toBinary(LiteralSchema, direct)).toEqual(toBinary(LiteralSchema, made));
  });
});

describe("every literal and literal type we write decodes with protobufjs", () => {
  test.each<[string, TypeDescriptor, unknown]>([
    ["struct", t.struct("P", { x: t.int, tags: t.list(t.string) }), { x: 1, tags: ["a"] }],
    ["union", t.union(t.int, t.map(t.string)), { a: "b" }],
    ["file", t.file("csv"), new FlyteFile("s3://x")],
    ["binary", t.binary, new Uint8Array([1, 2, 3])],
    ["duration", t.duration, new Duration(-5, -1)],
  ])("%s", (_name, descriptor, value) => {
    expect(throughProtobufjs(LiteralSchema, pbjs.core.Literal, toLiteral(descriptor, value)).equal).toBe(
      true,
    );
    expect(throughProtobufjs(LiteralTypeSchema, pbjs.core.LiteralType, literalTypeOf(descriptor)).equal).toBe(
      true,
    );
  });
});
