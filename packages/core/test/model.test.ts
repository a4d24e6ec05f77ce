import { create, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { K8sObjectMetadataSchema } from "../src/gen/flyteidl/core/tasks_pb.js";
import { LiteralTypeSchema } from "../src/gen/flyteidl/core/types_pb.js";
import * as core from "../src/index.js";
import {
  FlyteError,
  FlyteMissingBuildStepError,
  FlyteNotFoundError,
  FlyteValidationError,
  InstanceTask,
  Interface,
  isFlyteError,
  literalTypeOf,
  SerializationSettings,
  serializeTask,
  TrackedInstance,
  t,
} from "../src/index.js";
import { compareUtf8, sortedRecord } from "../src/wire/sorted-record.js";
import { pbjs } from "./support/fixtures.js";

describe("Interface", () => {
  const base = new Interface({
    inputs: { a: t.int, b: { type: t.string, description: "the b", default: "x" } },
    outputs: { o0: t.float },
  });

  test("declaration order, defaults, descriptions", () => {
    expect(base.inputNames).toEqual(["a", "b"]);
    expect(base.defaultInputs).toEqual({ b: "x" });
    expect(base.hasDefault("a")).toBe(false);
    expect(base.descriptionOf("input", "a")).toBe("a");
    expect(base.descriptionOf("input", "b")).toBe("the b");
    const model = base.toModel();
    expect(model.inputs?.variables.b?.description).toBe("the b");
    expect(model.outputs?.variables.o0?.description).toBe("o0");
  });

  test("withInputs, withOutputs, removeInputs return new interfaces", () => {
    const more = base.withInputs({ c: t.boolean }).withOutputs({ o1: t.string }).removeInputs(["a"]);
    expect(more.inputNames).toEqual(["b", "c"]);
    expect(more.outputNames).toEqual(["o0", "o1"]);
    expect(more.defaultInputs).toEqual({ b: "x" });
    expect(base.inputNames).toEqual(["a", "b"]);
  });

  test("empty variable maps are still present", () => {
    const model = new Interface().toModel();
    expect(model.inputs).toBeDefined();
    expect(model.outputs).toBeDefined();
  });

  test("names must be identifiers; specs need a type", () => {
    expect(() => new Interface({ inputs: { "a-b": t.int } })).toThrow(FlyteValidationError);
    expect(() => new Interface({ outputs: { "1x": t.int } })).toThrow(
      'Output name "1x" is not a valid identifier',
    );
    expect(() => new Interface({ inputs: { a: { description: "no type" } as never } })).toThrow(
      "needs a type descriptor",
    );
  });
});

describe("type descriptors -> LiteralType", () => {
  test("optional and union flatten, keep none last, and tag variants as flytekit", () => {
    expect(t.optional(t.optional(t.int))).toEqual(t.union(t.int, t.none));
    expect(t.union(t.int, t.union(t.string, t.int))).toEqual({ kind: "union", variants: [t.int, t.string] });
    const union = literalTypeOf(
      t.union(t.list(t.int), t.map(t.string), t.enum(["a"]), t.file("csv"), t.directory()),
    );
    expect(union.type.case === "unionType" && union.type.value.variants.map((v) => v.structure?.tag)).toEqual(
      ["Typed List", "Typed Dict", "DefaultEnumTransformer", "FlyteFilePath", "FlyteDirectory"],
    );
  });

  test("blobs", () => {
    expect(literalTypeOf(t.file("csv")).type).toMatchObject({
      case: "blob",
      value: { format: "csv", dimensionality: 0 },
    });
    expect(literalTypeOf(t.directory()).type).toMatchObject({
      case: "blob",
      value: { format: "", dimensionality: 1 },
    });
  });

  test("NONE is written although it is the zero value (flytekit's `08 00`)", () => {
    const bytes = pbjs.core.LiteralType.encode(pbjs.core.LiteralType.decode(new Uint8Array([8, 0]))).finish();
    expect([...bytes]).toEqual([8, 0]);
    expect([...toBinaryOf(t.none)]).toEqual([8, 0]);
  });
});

function toBinaryOf(descriptor: Parameters<typeof literalTypeOf>[0]): Uint8Array {
  return toBinary(LiteralTypeSchema, literalTypeOf(descriptor));
}

describe("errors", () => {
  test("one family with a code, and isFlyteError narrows by code", () => {
    const error = new FlyteValidationError("bad", { cause: new Error("root") });
    expect(error).toBeInstanceOf(FlyteError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe("VALIDATION");
    expect(error.name).toBe("FlyteValidationError");
    expect((error.cause as Error).message).toBe("root");
    expect(isFlyteError(error)).toBe(true);
    expect(isFlyteError(error, "VALIDATION")).toBe(true);
    expect(isFlyteError(error, "IMAGE")).toBe(false);
    expect(isFlyteError(new Error("x"))).toBe(false);
    expect(error instanceof FlyteNotFoundError).toBe(false);
  });

  test("instanceof works for errors made by another copy of the package", () => {
    // Another copy has its own classes of the same names and the same global marker symbol.
    class FlyteError extends Error {
      constructor(message: string) {
        super(message);
        Object.defineProperty(this, Symbol.for("@flytekit-ts/core.FlyteError"), {
          value: "FlyteValidationError",
        });
      }
    }
    class FlyteValidationError extends FlyteError {}
    const foreign = new FlyteValidationError("from another copy");
    expect(isFlyteError(foreign)).toBe(true);
    expect(foreign).toBeInstanceOf(FlyteError);
    expect(foreign instanceof (FlyteValidationError as unknown as typeof Error)).toBe(true);
    expect(foreign instanceof core.FlyteValidationError).toBe(true);
    expect(foreign instanceof core.FlyteImageError).toBe(false);
  });
});

describe("tracking and names", () => {
  class Noop extends InstanceTask {
    execute(): unknown {
      return undefined;
    }
  }
  const settings = SerializationSettings.forImage("img:1", "v1");

  test("without tracking, serialization fails and names the missing build step", () => {
    const task = new Noop({ name: "lonely" });
    expect(() => serializeTask(task, settings)).toThrow(FlyteMissingBuildStepError);
    expect(() => serializeTask(task, settings)).toThrow(
      /"lonely" cannot be found at run time.*@flytekit-ts\/transformer\/tsc/,
    );
  });

  test("tracking fills in lhs, location, and the default name; track() after construction works", () => {
    const task = new Noop({ name: "explicit" }).track({ module: "workflows.hello", key: "greet" });
    expect(task.lhs).toBe("greet");
    expect(task.location).toBe("workflows.hello.greet");
    expect(task.instantiatedIn).toBe("workflows.hello");
    const unnamed = new TrackedInstance();
    expect(() => unnamed.location).toThrow(FlyteMissingBuildStepError);
  });
});

describe("deterministic maps", () => {
  test("keys sort by UTF-8 bytes, not UTF-16 units", () => {
    const astral = "\u{1F600}"; // encoded F0..., after U+FFFD (EF BF BD)
    const bmpHigh = "\uFFFD";
    expect(compareUtf8(astral, bmpHigh)).toBeGreaterThan(0);
    expect(compareUtf8(bmpHigh, astral)).toBeLessThan(0);
    expect(compareUtf8("a", "b")).toBeLessThan(0);
    expect(compareUtf8("ab", "a")).toBeGreaterThan(0);
    expect(Object.keys(sortedRecord({ [astral]: 1, [bmpHigh]: 2, b: 3, a: 4 }))).toEqual([
      "a",
      "b",
      bmpHigh,
      astral,
    ]);
  });

  test("numeric-looking keys are written in string order too, as Python's deterministic encoder does", () => {
    const labels = sortedRecord({ "9": "nine", "10": "ten", a: "x" });
    expect(Object.keys(labels)).toEqual(["10", "9", "a"]);
    const bytes = toBinary(K8sObjectMetadataSchema, create(K8sObjectMetadataSchema, { labels }));
    const text = Buffer.from(bytes).toString("latin1");
    expect(text.indexOf("ten")).toBeLessThan(text.indexOf("nine"));
  });
});
