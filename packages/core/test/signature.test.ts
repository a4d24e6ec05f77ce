import { describe, expect, test } from "vitest";
import {
  FlyteValidationError,
  interfaceFromSignature,
  namedOutputs,
  returnFromOutputs,
  t,
} from "../src/index.js";
import { outputsFromReturn, type ReturnDescriptor } from "../src/internal.js";

describe("interfaces from signatures", () => {
  test("inputs in declaration order with defaults and JSDoc descriptions; one value is o0", () => {
    const iface = interfaceFromSignature({
      params: [
        { name: "b", type: t.int, description: "second" },
        { name: "a", type: t.optional(t.string), default: "x" },
      ],
      returns: { kind: "single", type: t.float },
      returnsDescription: "the result",
    });
    expect(iface.inputNames).toEqual(["b", "a"]);
    expect(iface.defaultInputs).toEqual({ a: "x" });
    expect(iface.descriptionOf("input", "b")).toBe("second");
    expect(iface.descriptionOf("input", "a")).toBe("a");
    expect(iface.outputNames).toEqual(["o0"]);
    expect(iface.descriptionOf("output", "o0")).toBe("the result");
  });

  test("void: no outputs; tuple: o0, o1; named: field names and the tuple name", () => {
    expect(interfaceFromSignature({ params: [], returns: { kind: "void" } }).outputNames).toEqual([]);
    expect(
      interfaceFromSignature({ params: [], returns: { kind: "tuple", types: [t.int, t.string] } })
        .outputNames,
    ).toEqual(["o0", "o1"]);
    const named = interfaceFromSignature({
      params: [],
      returns: {
        kind: "named",
        name: "TypedOutputs",
        fields: [
          { name: "summary", type: t.string },
          { name: "total", type: t.float },
        ],
      },
    });
    expect(named.outputNames).toEqual(["summary", "total"]);
    expect(named.outputTupleName).toBe("TypedOutputs");
  });

  test("a one-element tuple is refused, as flytekit does", () => {
    expect(() =>
      interfaceFromSignature({ params: [], returns: { kind: "tuple", types: [t.int] } }, "t1"),
    ).toThrow(
      new FlyteValidationError(
        "Task t1: Tuples should be used to indicate multiple return values, found only one return variable.",
      ),
    );
  });

  test("return values map to outputs and back", () => {
    const tuple: ReturnDescriptor = { kind: "tuple", types: [t.int, t.string] };
    expect(outputsFromReturn(tuple, [1, "a"])).toEqual({ o0: 1, o1: "a" });
    expect(returnFromOutputs(tuple, { o0: 1, o1: "a" })).toEqual([1, "a"]);
    const named: ReturnDescriptor = { kind: "named", fields: [{ name: "s", type: t.string }] };
    expect(outputsFromReturn(named, namedOutputs({ s: "x" }))).toEqual({ s: "x" });
    expect(returnFromOutputs(named, { s: "x" })).toEqual({ s: "x" });
    expect(outputsFromReturn({ kind: "single", type: t.int }, 5)).toEqual({ o0: 5 });
    expect(outputsFromReturn({ kind: "void" }, 5)).toEqual({});
    expect(() => outputsFromReturn(tuple, [1], "t2")).toThrow(
      "Task t2 must return a tuple of 2 values, got 1 values",
    );
    expect(() => outputsFromReturn(named, "x", "t3")).toThrow("Task t3 must return an object with outputs s");
  });
});
