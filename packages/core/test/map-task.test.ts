// Map tasks (flytekit's map_task): the array node and the map task's template flytekit 1.16.24 writes
// for `map_task(square, concurrency=2, min_success_ratio=0.5)` (fixtures/flytekit-1.16.24-constructs),
// the size of its squares_all spec, and local runs with flytekit's partial-failure semantics.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { equals, fromBinary, toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { TaskSpecSchema } from "../src/gen/flyteidl/admin/task_pb.js";
import { WorkflowSpecSchema } from "../src/gen/flyteidl/admin/workflow_pb.js";
import {
  fromLiteralMap,
  type Int,
  mapTask,
  SerializationSettings,
  serializeTask,
  serializeWorkflow,
  type TypeDescriptor,
  t,
  task,
  toLiteralMap,
  workflow,
} from "../src/index.js";
import { runInProcess, runWorkflow } from "../src/internal.js";

const golden = join(import.meta.dirname, "fixtures", "flytekit-1.16.24-constructs");
const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");
const meta = (key: string, params: [string, TypeDescriptor][], returns: TypeDescriptor) => ({
  module: "ref_constructs",
  key,
  signature: {
    params: params.map(([name, type]) => ({ name, type })),
    returns: { kind: "single" as const, type: returns },
  },
});

const square = task(
  (x: Int): Int => {
    if (x < 0) throw new Error(`negative ${x}`);
    return (x * x) as Int;
  },
  {},
  meta("square", [["x", t.int]], t.int),
);
const totalSome = task(
  (xs: (Int | undefined)[]): Int => xs.reduce<number>((sum, x) => sum + (x ?? 0), 0) as Int,
  {},
  meta("total_some", [["xs", t.list(t.optional(t.int))]], t.int),
);
const total = task(
  (xs: Int[]): Int => xs.reduce<number>((sum, x) => sum + x, 0) as Int,
  {},
  meta("total", [["xs", t.list(t.int)]], t.int),
);

const squares = workflow(
  (xs: Int[]) => totalSome(mapTask<(x: Int) => Int>(square, { concurrency: 2, minSuccessRatio: 0.5 })(xs)),
  {},
  meta("squares", [["xs", t.list(t.int)]], t.int),
);
const squaresAll = workflow(
  (xs: Int[]) => total(mapTask<(x: Int) => Int>(square)(xs)),
  {},
  meta("squares_all", [["xs", t.list(t.int)]], t.int),
);

async function run(flow: typeof squares, xs: number[]): Promise<unknown> {
  const outputs = await runWorkflow(
    flow as never,
    toLiteralMap(new Map([["xs", t.list(t.int)]]), { xs }),
    runInProcess,
  );
  return (await fromLiteralMap(new Map<string, TypeDescriptor>([["o0", t.int]]), outputs)).o0;
}

describe("map tasks, as flytekit 1.16.24 writes them", () => {
  test("squares: the array node (parallelism 2, min_success_ratio 0.5, the sub-node named as the map task), byte for byte", () => {
    const ours = serializeWorkflow(squares as never, settings);
    const theirs = fromBinary(WorkflowSpecSchema, readFileSync(join(golden, "squares.workflowspec.pb")));
    if (!equals(WorkflowSpecSchema, ours, theirs))
      expect(toJson(WorkflowSpecSchema, ours)).toEqual(toJson(WorkflowSpecSchema, theirs));
  });

  test("the map task's template: flytekit's name (md5 of its options), list interface with optional outputs, metadata, version 1, tsflyte-map-execute with the mapped task's resolver", () => {
    const map = mapTask<(x: Int) => Int>(square, { concurrency: 2, minSuccessRatio: 0.5 });
    const ours = serializeTask(map.self, settings).template;
    const theirs = fromBinary(
      TaskSpecSchema,
      readFileSync(
        join(
          golden,
          "squares.uses.ref_constructs.map_square_cfcdab58c36167a169183ce07b595544-arraynode.taskspec.pb",
        ),
      ),
    ).template;
    expect(ours?.id).toEqual(theirs?.id);
    expect(ours?.interface).toEqual(theirs?.interface);
    expect(ours?.taskTypeVersion).toBe(1);
    expect(ours?.metadata?.retries).toEqual(theirs?.metadata?.retries);
    const args = (template: typeof ours) =>
      template?.target.case === "container" ? template.target.value.args : [];
    const translated = args(theirs).map((arg) =>
      arg === "pyflyte-map-execute"
        ? "tsflyte-map-execute"
        : arg === "flytekit.core.array_node_map_task.ArrayNodeMapTaskResolver"
          ? "@flytekit-ts/runtime:mapTaskResolver"
          : arg === "flytekit.core.python_auto_container.default_task_resolver"
            ? "@flytekit-ts/runtime:defaultTaskResolver"
            : arg,
    );
    expect(args(ours)).toEqual(translated);
    // No custom and no description, as flytekit writes its array-node map tasks.
    expect(ours?.custom).toBeUndefined();
    expect(serializeTask(map.self, settings).description).toBeUndefined();
  });

  test("squares_all (default options): md5 of flytekit's defaults in the name; the spec has the size flytekit's package wrote", () => {
    const listing = readFileSync(
      join(golden, "..", "flytekit-1.16.24-constructs", "package-fast-contents.txt"),
      "utf8",
    );
    const size = Number(/_ref_constructs\.squares_all_2\.pb\s+(\d+) bytes/.exec(listing)?.[1]);
    const packaged = new SerializationSettings({ imageConfig: undefined as never });
    expect(toBinary(WorkflowSpecSchema, serializeWorkflow(squaresAll as never, packaged)).length).toBe(size);
    expect(mapTask<(x: Int) => Int>(square).self.name).toBe(
      "ref_constructs.map_square_6b3bd0353da5de6e84d7982921ead2b3-arraynode",
    );
  });

  test("local runs: every element; with minSuccessRatio failed elements are undefined until too many fail", async () => {
    expect(await run(squaresAll, [1, 2, 3])).toBe(14);
    expect(await run(squares, [1, -2, 3])).toBe(10);
    await expect(run(squares, [-1, -2, 3])).rejects.toThrow("negative -2");
    await expect(run(squaresAll, [1, -2])).rejects.toThrow("negative -2");
    // Called outside a workflow, it maps too.
    expect(await mapTask<(x: Int) => Int>(square)([2, 3] as Int[])).toEqual([4, 9]);
  });

  test("bad options and tasks are refused", () => {
    expect(() => mapTask(square, { minSuccessRatio: 2 })).toThrow("minSuccessRatio must be between 0 and 1");
    expect(() => mapTask(square, { boundInputs: ["y"] })).toThrow("y is not one of its inputs");
    const two = task(
      (x: Int): [Int, Int] => [x, x],
      {},
      {
        module: "m",
        key: "two",
        signature: {
          params: [{ name: "x", type: t.int }],
          returns: { kind: "tuple", types: [t.int, t.int] },
        },
      },
    );
    expect(() => mapTask(two)).toThrow("only tasks with a single output can be mapped");
  });
});
