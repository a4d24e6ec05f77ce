import { create } from "@bufbuild/protobuf";
import { Duration, FlyteFile, type TypeDescriptor, t, type toLiteral, toLiteralMap } from "@flytekit-ts/core";
import { LiteralMapSchema, SimpleType } from "@flytekit-ts/core/idl";
import { describe, expect, test } from "vitest";
import { simpleLiteral } from "../src/containers/copilot-outputs.js";
import {
  goDurationText,
  goFloatF,
  goFloatV,
  goTimestampText,
  parseGoBool,
  parseGoDuration,
  parseRfc3339,
} from "../src/containers/go-text.js";
import {
  type PlaceholderValues,
  perRetryUniqueKey,
  renderPlaceholders,
} from "../src/containers/placeholders.js";
import { parseQuantity } from "../src/containers/quantities.js";

const values: PlaceholderValues = {
  input: "/d/inputs.pb",
  inputPrefix: "/d",
  outputPrefix: "/d/out",
  rawOutputDataPrefix: "/raw",
  checkpointOutputPrefix: "/raw/_flytecheckpoints",
  prevCheckpointPrefix: "",
  perRetryUniqueKey: "key",
  namespace: "ns",
};

const none = create(LiteralMapSchema, {});

describe("propeller's placeholder rendering", () => {
  test("fixed placeholders: case-insensitive, spaces, . or $, anywhere in a token", () => {
    expect(
      renderPlaceholders(
        [
          "{{.input}}",
          "--out={{ .OutputPrefix }}/x",
          "{{$inputprefix}}",
          "{{.rawOutputDataPrefix}}",
          "{{.checkpointOutputPrefix}}",
          "{{.prevCheckpointPrefix}}",
          "{{.perRetryUniqueKey}}",
          "{{.namespace}}",
          "{{.taskTemplatePath}}",
          "{{ .wrongOutputDataPrefix }}",
        ],
        values,
        none,
        "t",
      ),
    ).toEqual([
      "/d/inputs.pb",
      "--out=/d/out/x",
      "/d",
      "/raw",
      "/raw/_flytecheckpoints",
      '""',
      "key",
      "ns",
      "{{.taskTemplatePath}}",
      "{{ .wrongOutputDataPrefix }}",
    ]);
    expect(
      renderPlaceholders(["{{.taskTemplatePath}}"], { ...values, taskTemplatePath: "/d/task.pb" }, none, "t"),
    ).toEqual(["/d/task.pb"]);
  });

  test("inputs render as Go prints them", () => {
    const types = new Map<string, Parameters<typeof toLiteral>[0]>([
      ["i", t.int],
      ["f", t.float],
      ["big", t.float],
      ["b", t.boolean],
      ["d", t.datetime],
      ["u", t.duration],
      ["l", t.list(t.list(t.int))],
      ["file", t.file()],
      ["s", t.struct("S", { b: t.int, a: t.string })],
    ]);
    const inputs = toLiteralMap(types, {
      i: -7,
      f: 0.5,
      big: 1e6,
      b: false,
      d: new Date("2024-01-02T03:04:05Z"),
      u: new Duration(90),
      l: [[1, 2], [3]],
      file: new FlyteFile("s3://bucket/key"),
      s: { b: 2, a: "x" },
    });
    expect(
      renderPlaceholders(
        [
          "{{.inputs.i}}/{{.inputs.f}}/{{.inputs.big}}/{{.Inputs.b}}",
          "{{.inputs.d}}",
          "{{.inputs.u}}",
          "{{.inputs.l}}",
          "{{.inputs.file}}",
          "{{.inputs.s}}",
        ],
        values,
        inputs,
        "t",
      ),
    ).toEqual([
      "-7/0.5/1e+06/false",
      "2024-01-02T03:04:05Z",
      "seconds:90",
      "[[1,2],[3]]",
      "s3://bucket/key",
      "map[a:x b:2]",
    ]);
  });

  test("an unknown input is an error naming it, unless there are no inputs", () => {
    const inputs = toLiteralMap(new Map([["x", t.int]]), { x: 1 });
    expect(() => renderPlaceholders(["{{.inputs.y}}"], values, inputs, "my_task")).toThrow(
      'Task my_task: cannot render "{{.inputs.y}}": requested input is not found [y]',
    );
    expect(renderPlaceholders(["{{.inputs.y}}"], values, none, "t")).toEqual(["{{.inputs.y}}"]);
  });

  test("maps, optionals and none cannot be rendered", () => {
    const inputs = toLiteralMap(
      new Map<string, TypeDescriptor>([
        ["m", t.map(t.int)],
        ["o", t.optional(t.int)],
      ]),
      { m: { a: 1 }, o: 3 },
    );
    expect(() => renderPlaceholders(["{{.inputs.m}}"], values, inputs, "t")).toThrow(
      "a map literal cannot be rendered",
    );
    expect(() => renderPlaceholders(["{{.inputs.o}}"], values, inputs, "t")).toThrow(
      "a union value cannot be rendered",
    );
  });

  test("perRetryUniqueKey is sanitised", () => {
    expect(perRetryUniqueKey("12-ab.c")).toBe("aab_c");
  });
});

describe("Go's text forms", () => {
  test.each([
    [3, "3"],
    [0.5, "0.5"],
    [123456, "123456"],
    [1e6, "1e+06"],
    [1234567.5, "1.2345675e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [-0, "-0"],
    [1e21, "1e+21"],
  ])("%%v of %s is %s", (value, text) => expect(goFloatV(value)).toBe(text));

  test.each([
    [3, "3"],
    [2.5, "2.5"],
    [1e21, "1000000000000000000000"],
    [1e-7, "0.0000001"],
    [-1.25e-3, "-0.00125"],
  ])("FormatFloat 'f' of %s is %s", (value, text) => expect(goFloatF(value)).toBe(text));

  test.each([
    [0n, "0s"],
    [1n, "1ns"],
    [1500n, "1.5µs"],
    [1_500_000n, "1.5ms"],
    [90_000_000_000n, "1m30s"],
    [3_723_500_000_000n, "1h2m3.5s"],
    [-2_000_000_000n, "-2s"],
    [3_600_000_000_000n, "1h0m0s"],
  ])("Duration.String of %s ns is %s", (nanos, text) => {
    expect(goDurationText(nanos)).toBe(text);
    expect(parseGoDuration(text)).toBe(nanos);
  });

  test("ParseDuration and ParseBool reject what Go rejects", () => {
    expect(parseGoDuration("5")).toBeUndefined();
    expect(parseGoDuration("1d")).toBeUndefined();
    expect(parseGoDuration("-1.5h")).toBe(-5_400_000_000_000n);
    expect(parseGoBool("T")).toBe(true);
    expect(parseGoBool("yes")).toBeUndefined();
  });

  test("timestamps", () => {
    expect(goTimestampText(1704164645n, 0)).toBe("2024-01-02T03:04:05Z");
    expect(goTimestampText(1704164645n, 120_000_000)).toBe("2024-01-02T03:04:05.12Z");
    expect(parseRfc3339("2024-01-02T05:04:05.5+02:00")).toEqual({ seconds: 1704164645n, nanos: 500_000_000 });
    expect(parseRfc3339("2024-01-02 03:04:05")).toBeUndefined();
    expect(parseRfc3339("2024-02-30T00:00:00Z")).toBeUndefined();
  });

  test("Kubernetes quantities", () => {
    expect(parseQuantity("512Mi")).toBe(512 * 2 ** 20);
    expect(parseQuantity("1G")).toBe(1e9);
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("2")).toBe(2);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("lots")).toBeUndefined();
  });

  test("copilot output text: trimmed, Go parsers, errors naming the output", () => {
    expect(simpleLiteral(SimpleType.INTEGER, " 42\n", "n").value).toMatchObject({ case: "scalar" });
    expect(() => simpleLiteral(SimpleType.INTEGER, "4.2", "n")).toThrow(
      'output n: failed to parse an integer value from "4.2"',
    );
    expect(() => simpleLiteral(SimpleType.INTEGER, "9223372036854775808", "n")).toThrow(
      "failed to parse an integer",
    );
    expect(() => simpleLiteral(SimpleType.BOOLEAN, "yes", "ok")).toThrow(
      "output ok: failed to parse a Bool value",
    );
    expect(() => simpleLiteral(SimpleType.DATETIME, "2024-01-02", "d")).toThrow("RFC3339");
    expect(() => simpleLiteral(SimpleType.STRUCT, "[1]", "s")).toThrow("a generic type as json");
  });
});
