// Conditionals (flytekit's `conditional`): the branch node flytekit 1.16.24 writes for
// `conditional("bigger").if_(a > b).then(add(a=a, b=b)).else_().then(square(x=b))`
// (fixtures/flytekit-1.16.24-constructs/pick.workflowspec.*), local runs, and compile-time errors.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { equals, fromBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { WorkflowSpecSchema } from "../src/gen/flyteidl/admin/workflow_pb.js";
import {
  and,
  conditional,
  eq,
  fromLiteralMap,
  gt,
  type Int,
  lt,
  type NodeOutput,
  SerializationSettings,
  serializeWorkflow,
  t,
  task,
  toLiteralMap,
  workflow,
} from "../src/index.js";
import { runInProcess, runWorkflow } from "../src/internal.js";

const golden = join(import.meta.dirname, "fixtures", "flytekit-1.16.24-constructs");
const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");
const ints = (...names: string[]) => names.map((name) => ({ name, type: t.int }));
const single = { kind: "single" as const, type: t.int };

const add = task(
  (a: Int, b: Int): Int => (a + b) as Int,
  {},
  {
    module: "ref_constructs",
    key: "add",
    signature: { params: ints("a", "b"), returns: single },
  },
);
const square = task(
  (x: Int): Int => (x * x) as Int,
  {},
  {
    module: "ref_constructs",
    key: "square",
    signature: { params: ints("x"), returns: single },
  },
);

const pick = workflow(
  (a: Int, b: Int) => conditional("bigger").if(gt(a, b)).then(add(a, b)).else().then(square(b)),
  {},
  { module: "ref_constructs", key: "pick", signature: { params: ints("a", "b"), returns: single } },
);

async function run(flow: typeof pick, a: number, b: number): Promise<unknown> {
  const types = new Map([
    ["a", t.int],
    ["b", t.int],
  ]);
  const outputs = await runWorkflow(flow as never, toLiteralMap(types, { a, b }), runInProcess);
  return fromLiteralMap(new Map([["o0", t.int]]), outputs).o0;
}

describe("conditionals, as flytekit 1.16.24 writes them", () => {
  test("pick: the branch node (inputs .a and .b, GT of the two, then add, else square), byte for byte", () => {
    const ours = serializeWorkflow(pick as never, settings);
    const theirs = fromBinary(WorkflowSpecSchema, readFileSync(join(golden, "pick.workflowspec.pb")));
    if (!equals(WorkflowSpecSchema, ours, theirs))
      expect(toJson(WorkflowSpecSchema, ours)).toEqual(toJson(WorkflowSpecSchema, theirs));
  });

  test("a.gt(b) on promises (flytekit's a > b) builds the same condition as gt(a, b)", () => {
    const byMethod = workflow(
      (a: Int, b: Int) =>
        conditional("bigger")
          .if((a as unknown as NodeOutput).gt(b))
          .then(add(a, b))
          .else()
          .then(square(b)),
      {},
      { module: "ref_constructs", key: "pick", signature: { params: ints("a", "b"), returns: single } },
    );
    expect(
      equals(
        WorkflowSpecSchema,
        serializeWorkflow(byMethod as never, settings),
        serializeWorkflow(pick as never, settings),
      ),
    ).toBe(true);
  });

  test("runs locally: the first case that holds, else the else", async () => {
    expect(await run(pick, 5, 3)).toBe(8);
    expect(await run(pick, 2, 3)).toBe(9);
  });

  test("elif, conjunctions, constants, node outputs in conditions, and .else().fail()", async () => {
    const three = workflow(
      (a: Int, b: Int) => {
        const s = square(a);
        return conditional("three")
          .if(and(gt(a, b), lt(b, 10)))
          .then(add(a, b))
          .elif(eq(s, 4))
          .then(square(s))
          .else()
          .fail("a is smaller");
      },
      {},
      { module: "ref_constructs", key: "three", signature: { params: ints("a", "b"), returns: single } },
    );
    expect(await run(three, 5, 3)).toBe(8);
    expect(await run(three, 2, 3)).toBe(16);
    await expect(run(three, 1, 3)).rejects.toThrow("conditional three: a is smaller");
    const spec = toJson(WorkflowSpecSchema, serializeWorkflow(three as never, settings)) as {
      template: {
        nodes: { id: string; inputs: { var: string }[]; branchNode?: { ifElse: Record<string, unknown> } }[];
      };
    };
    const branch = spec.template.nodes[1];
    expect(branch?.id).toBe("n1");
    // What the conditions read, each once, named <node>.<var>, sorted.
    expect(branch?.inputs.map((input) => input.var)).toEqual([".a", ".b", "n0.o0"]);
    const ifElse = branch?.branchNode?.ifElse as {
      case: {
        condition: {
          conjunction: { operator?: string; rightExpression: { comparison: { rightValue: unknown } } };
        };
      };
      other: { thenNode: { id: string } }[];
      error: { failedNodeId: string; message: string };
    };
    expect(ifElse.case.condition.conjunction.operator ?? "AND").toBe("AND");
    expect(ifElse.case.condition.conjunction.rightExpression.comparison.rightValue).toEqual({
      primitive: { integer: "10" },
    });
    expect(ifElse.other[0]?.thenNode.id).toBe("n1");
    expect(ifElse.error).toEqual({ failedNodeId: "three", message: "a is smaller" });
  });

  test("compile-time errors: no else, a value instead of a condition, two constants, several calls in a case, nesting", () => {
    const compile = (body: (a: Int, b: Int) => unknown) => () =>
      serializeWorkflow(
        workflow(
          body as never,
          {},
          { module: "m", key: "w", signature: { params: ints("a", "b"), returns: single } },
        ) as never,
        settings,
      );
    expect(compile((a, b) => conditional("c").if(gt(a, b)).then(add(a, b)))).toThrow(
      "conditional c has no else: end it with .else().then(...) or .else().fail(message)",
    );
    expect(
      compile((a, b) =>
        conditional("c")
          .if(a as never)
          .then(add(a, b))
          .else()
          .then(square(b)),
      ),
    ).toThrow("does not support unary conditions");
    expect(compile(() => gt(1, 2))).toThrow("a condition compares workflow values");
    expect(
      compile((a, b) =>
        conditional("c")
          .if(gt(a, b))
          .then(add(square(a), b))
          .else()
          .then(square(b)),
      ),
    ).toThrow("each case runs exactly one task, workflow or launch plan (this one created 2 nodes)");
    expect(
      compile((a, b) =>
        conditional("c")
          .if(gt(a, b))
          .then(conditional("d").if(gt(a, b)).then(add(a, b)).else().then(square(a)))
          .else()
          .then(square(b)),
      ),
    ).toThrow("conditionals inside a conditional's case are not supported");
    expect(() => conditional("outside")).toThrow("conditionals can only be used inside a workflow body");
  });
});
