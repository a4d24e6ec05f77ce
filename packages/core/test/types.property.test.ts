import { fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { LiteralSchema } from "../src/gen/flyteidl/core/literals_pb.js";
import { LiteralTypeSchema } from "../src/gen/flyteidl/core/types_pb.js";
import {
  Duration,
  FlyteDirectory,
  FlyteFile,
  fromLiteral,
  literalTypeOf,
  type TypeDescriptor,
  t,
  toLiteral,
} from "../src/index.js";
import { pbjs, throughProtobufjs } from "./support/fixtures.js";

const leaf = fc.oneof(
  fc.constantFrom<TypeDescriptor>(
    t.int,
    t.bigint,
    t.float,
    t.string,
    t.boolean,
    t.datetime,
    t.duration,
    t.binary,
  ),
  fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 })
    .map((values) => t.enum(values)),
  fc.constantFrom("", "csv", "parquet").map((format) => t.file(format)),
  fc.constantFrom("", "zip").map((format) => t.directory(format)),
);

/**
 * Descriptors up to a few levels deep. Unions are optionals (general unions can be ambiguous by
 * design). Struct field names are identifiers; `__proto__` is covered by unit tests.
 */
const descriptor: fc.Arbitrary<TypeDescriptor> = fc.letrec<{ d: TypeDescriptor }>((tie) => ({
  d: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.constant(t.dict),
    tie("d").map((of) => t.list(of)),
    tie("d").map((of) => t.map(of)),
    tie("d")
      .filter((of) => of.kind !== "union")
      .map((of) => t.optional(of)),
    fc.uniqueArray(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 4 }).chain((names) =>
      fc
        // Untyped dicts are not supported inside structs yet (see json-schema.ts).
        .tuple(...names.map(() => tie("d").filter((field) => !JSON.stringify(field).includes('"dict"'))))
        .map((types) =>
          t.struct("S", Object.fromEntries(names.map((n, i) => [n, types[i] as TypeDescriptor]))),
        ),
    ),
  ),
})).d;

const date = fc.date({
  min: new Date("0001-01-01T00:00:00.000Z"),
  max: new Date("9999-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});

/**
 * A value of `d`. Inside structs, durations are written as float seconds (flytekit's format), so
 * they are drawn with millisecond precision there.
 */
function value(d: TypeDescriptor, inStruct = false): fc.Arbitrary<unknown> {
  switch (d.kind) {
    case "int":
      return d.bigint === true ? fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) : fc.maxSafeInteger();
    case "float":
      return fc.double();
    case "string":
      return fc.string({ unit: "grapheme", maxLength: 12 });
    case "boolean":
      return fc.boolean();
    case "datetime":
      return date;
    case "duration":
      return inStruct
        ? fc.integer({ min: -1e9, max: 1e9 }).map((ms) => Duration.ofMillis(ms))
        : fc
            .tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 999_999_999 }))
            .map(([s, n]) => new Duration(s, s < 0 ? -n : n));
    case "none":
      return fc.constant(undefined);
    case "binary":
      return fc.uint8Array({ maxLength: 16 });
    case "enum":
      return fc.constantFrom(...d.values);
    case "file":
      return fc
        .string({ minLength: 1, maxLength: 10 })
        .map((p) => new FlyteFile(`s3://bucket/${p}`, d.format));
    case "directory":
      return fc
        .string({ minLength: 1, maxLength: 10 })
        .map((p) => new FlyteDirectory(`/data/${p}`, d.format));
    case "list":
      return fc.array(value(d.of, inStruct), { maxLength: 4 });
    case "map": {
      // Inside structs (msgpack) a "__proto__" key is refused on read (see types.test.ts).
      const key = inStruct
        ? fc.string({ maxLength: 4 }).filter((k) => k !== "__proto__")
        : fc.string({ maxLength: 4 });
      return fc.dictionary(key, value(d.of, inStruct), { maxKeys: 4 });
    }
    case "union": {
      const inner = d.variants.find((v) => v.kind !== "none") ?? t.none;
      return fc.option(value(inner, inStruct), { nil: undefined });
    }
    case "dict":
      // JSON values; integral floats come back as ints, as from flytekit (msgpack has no float 1.0 here).
      return fc
        .jsonValue()
        .filter(
          (v) =>
            v !== null &&
            typeof v === "object" &&
            !Array.isArray(v) &&
            !JSON.stringify(v).includes("__proto__"),
        );
    case "struct":
      return fc.tuple(...d.fields.map((field) => value(field.type, true))).map((items) => {
        const out: Record<string, unknown> = {};
        d.fields.forEach((field, i) => {
          if (items[i] !== undefined)
            Object.defineProperty(out, field.name, {
              value: items[i],
              enumerable: true,
              writable: true,
              configurable: true,
            });
        });
        return out;
      });
  }
}

const sample = descriptor.chain((d) => value(d).map((v) => ({ d, v })));

describe("type engine properties", () => {
  test("fromLiteral(d, toLiteral(d, v)) equals v, also through the protobuf bytes", () => {
    fc.assert(
      fc.property(sample, ({ d, v }) => {
        const literal = toLiteral(d, v);
        expect(fromLiteral(d, literal)).toEqual(v);
        expect(fromLiteral(d, fromBinary(LiteralSchema, toBinary(LiteralSchema, literal)))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  test("every Literal and LiteralType we emit decodes with the protobufjs code of @flyteorg/flyteidl", () => {
    fc.assert(
      fc.property(sample, ({ d, v }) => {
        expect(throughProtobufjs(LiteralSchema, pbjs.core.Literal, toLiteral(d, v)).equal).toBe(true);
        expect(throughProtobufjs(LiteralTypeSchema, pbjs.core.LiteralType, literalTypeOf(d)).equal).toBe(
          true,
        );
      }),
      { numRuns: 150 },
    );
  });

  test("encoding is deterministic: the same value gives the same bytes", () => {
    fc.assert(
      fc.property(sample, ({ d, v }) => {
        expect(toBinary(LiteralSchema, toLiteral(d, v))).toEqual(toBinary(LiteralSchema, toLiteral(d, v)));
      }),
      { numRuns: 100 },
    );
  });
});
