// The example's constructs, run in process and serialized as flytekit writes them.
import { localExecute } from "@flytekit-ts/cli";
import { Int, SerializationSettings, serializeWorkflow } from "@flytekit-ts/core";
import { describe, expect, test } from "vitest";
import { grade, powers, report } from "../src/pipeline.js";

const settings = SerializationSettings.forImage("ghcr.io/flytekit-ts/constructs:0.1.0", "v1");

describe("constructs", () => {
  test("report: a map task, attribute access on its summary, an untyped dict out", async () => {
    expect(await localExecute(report, { readings: [4, 9, 16] }, { cache: false })).toEqual({
      o0: { total: 9, count: 3, tags: ["batch"] },
    });
    const nodes = serializeWorkflow(report as never, settings).template?.nodes ?? [];
    expect(nodes[0]?.target.case).toBe("arrayNode");
    const total = nodes[2]?.inputs.find((input) => input.var === "total")?.binding?.value;
    expect(total?.case === "promise" && total.value.attrPath.map((part) => part.value.value)).toEqual([
      "total",
    ]);
  });

  test("grade: a conditional on a reference task's output, run with its local stand-in", async () => {
    expect(await localExecute(grade, { score: 72 })).toEqual({ o0: "pass (72)" });
    expect(await localExecute(grade, { score: 40 })).toEqual({ o0: "fail (40)" });
    const nodes = serializeWorkflow(grade as never, settings).template?.nodes ?? [];
    const reference = nodes[0]?.target;
    expect(reference?.case === "taskNode" && reference.value.reference.value?.name).toBe("scores.normalize");
    expect(nodes[1]?.target.case).toBe("branchNode");
  });

  test("powers: a dynamic task's graph runs in process", async () => {
    expect(await powers(Int(4))).toEqual([1, 4, 9, 16]);
  });
});
