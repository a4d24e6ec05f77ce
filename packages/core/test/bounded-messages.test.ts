import { create } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { LiteralMapSchema, LiteralSchema } from "../src/idl.js";
import { FlyteFile, fromLiteralMap, t, toLiteral, toLiteralMap } from "../src/index.js";
import { quote } from "../src/internal.js";

/** Values and names in error messages come from data: they are quoted up to a bound. */

const stringLiteral = (value: string) =>
  create(LiteralSchema, {
    value: {
      case: "scalar",
      value: { value: { case: "primitive", value: { value: { case: "stringValue", value } } } },
    },
  });

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

describe("error messages quote values up to a bound", () => {
  test("quote: short text whole, long text cut with its length", () => {
    expect(quote("abc")).toBe('"abc"');
    expect(quote("x".repeat(100), 10)).toBe('"xxxxxxxxxx"... (100 characters)');
  });

  test("a 10 MB string literal where an int was expected: a short message", () => {
    const huge = "9".repeat(10_000_000);
    const map = create(LiteralMapSchema, { literals: { n: stringLiteral(huge) } });
    const message = messageOf(() => fromLiteralMap(new Map([["n", t.int]]), map, { task: "m.t" }));
    expect(message).toContain('Task m.t: input "n": expected int, got a literal with stringValue "999');
    expect(message).toContain("(10000000 characters)");
    expect(message.length).toBeLessThan(300);
  });

  test("a huge native value and a huge map key: short messages", () => {
    const huge = "y".repeat(5_000_000);
    expect(messageOf(() => toLiteral(t.int, huge, "input x")).length).toBeLessThan(300);
    const keyed = messageOf(() => toLiteral(t.map(t.int), { [huge]: "not an int" }, "input m"));
    expect(keyed.length).toBeLessThan(400);
    const unknown = messageOf(() => toLiteralMap(new Map([["a", t.int]]), { [huge]: 1 }, { task: "m.t" }));
    expect(unknown.length).toBeLessThan(300);
  });
});

describe("literals flytekit reads as it does", () => {
  test("a datetime outside a Date's range fails naming it, never an Invalid Date", () => {
    const map = create(LiteralMapSchema, {
      literals: {
        when: {
          value: {
            case: "scalar",
            value: {
              value: {
                case: "primitive",
                value: { value: { case: "datetime", value: { seconds: -9_000_000_000_000n } } },
              },
            },
          },
        },
      },
    });
    expect(() => fromLiteralMap(new Map([["when", t.datetime]]), map)).toThrow(
      "-9000000000000 seconds is outside the range of a Date",
    );
  });

  test("a file:// blob URI is read as its local path", () => {
    const literal = toLiteral(t.file("csv"), new FlyteFile("file:///data/my%20file.csv", "csv"), "f");
    const map = create(LiteralMapSchema, { literals: { f: literal } });
    const { f } = fromLiteralMap(new Map([["f", t.file("csv")]]), map) as { f: FlyteFile };
    expect(f.path).toBe("/data/my file.csv");
    const host = create(LiteralMapSchema, {
      literals: { f: toLiteral(t.file(), new FlyteFile("file://localhost/tmp/x", ""), "f") },
    });
    expect((fromLiteralMap(new Map([["f", t.file()]]), host) as { f: FlyteFile }).f.path).toBe("/tmp/x");
  });
});
