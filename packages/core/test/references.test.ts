// Reference entities (flytekit's reference_task / reference_launch_plan / reference_workflow): a
// workflow's node points at the referenced identifier as given, nothing is registered for it, and
// locally it runs only through a local implementation.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toBinary, toJson } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { WorkflowSpecSchema } from "../src/gen/flyteidl/admin/workflow_pb.js";
import {
  fromLiteralMap,
  type Int,
  referenceLaunchPlan,
  referenceTask,
  referenceWorkflow,
  SerializationSettings,
  serializeWorkflow,
  t,
  toLiteralMap,
  workflow,
} from "../src/index.js";
import { runInProcess, runWorkflow } from "../src/internal.js";

const id = { project: "p", domain: "d", name: "etl.normalize", version: "v7" };
const ints = (...names: string[]) => names.map((name) => ({ name, type: t.int }));
const single = { kind: "single" as const, type: t.int };

const normalize = referenceTask<(x: Int) => Int>(id, { inputs: { x: t.int }, outputs: { o0: t.int } });
const usesReference = workflow(
  (x: Int) => normalize(x),
  {},
  {
    module: "ref_constructs",
    key: "uses_reference",
    signature: { params: ints("x"), returns: single },
  },
);

async function run(flow: typeof usesReference, x: number): Promise<unknown> {
  const outputs = await runWorkflow(
    flow as never,
    toLiteralMap(new Map([["x", t.int]]), { x }),
    runInProcess,
  );
  return fromLiteralMap(new Map([["o0", t.int]]), outputs).o0;
}

describe("reference entities", () => {
  test("uses_reference: the node points at p/d/etl.normalize/v7; the spec is the size flytekit's package wrote (166 bytes)", () => {
    const spec = serializeWorkflow(
      usesReference as never,
      new SerializationSettings({ imageConfig: undefined as never }),
    );
    const json = toJson(WorkflowSpecSchema, spec) as {
      template: { nodes: { taskNode: { referenceId: unknown } }[] };
    };
    expect(json.template.nodes[0]?.taskNode.referenceId).toEqual({
      resourceType: "TASK",
      project: "p",
      domain: "d",
      name: "etl.normalize",
      version: "v7",
    });
    const listing = readFileSync(
      join(import.meta.dirname, "fixtures", "flytekit-1.16.24-constructs", "package-fast-contents.txt"),
      "utf8",
    );
    const size = Number(/_ref_constructs\.uses_reference_2\.pb\s+(\d+) bytes/.exec(listing)?.[1]);
    expect(toBinary(WorkflowSpecSchema, spec).length).toBe(size);
  });

  test("launch plans and workflows by reference: a launch plan node and a sub-workflow node with the given ids, not sub-workflows of the spec", () => {
    const nightly = referenceLaunchPlan<(x: Int) => Int>(
      { ...id, name: "etl.nightly" },
      { inputs: { x: t.int }, outputs: { o0: t.int } },
    );
    const clean = referenceWorkflow<(x: Int) => Int>(
      { ...id, name: "etl.clean" },
      { inputs: { x: t.int }, outputs: { o0: t.int } },
    );
    const both = workflow(
      (x: Int) => clean(nightly(x)),
      {},
      { module: "m", key: "both", signature: { params: ints("x"), returns: single } },
    );
    const spec = serializeWorkflow(
      both as never,
      SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p2", "d2"),
    );
    const json = toJson(WorkflowSpecSchema, spec) as {
      template: { nodes: { workflowNode: { launchplanRef?: unknown; subWorkflowRef?: unknown } }[] };
      subWorkflows?: unknown[];
    };
    expect(json.template.nodes[0]?.workflowNode.launchplanRef).toEqual({
      resourceType: "LAUNCH_PLAN",
      ...id,
      name: "etl.nightly",
    });
    expect(json.template.nodes[1]?.workflowNode.subWorkflowRef).toEqual({
      resourceType: "WORKFLOW",
      ...id,
      name: "etl.clean",
    });
    expect(json.subWorkflows ?? []).toEqual([]);
  });

  test("locally: a clear failure without a local implementation; with one, it runs (in workflows and when called)", async () => {
    await expect(run(usesReference, 1)).rejects.toThrow(
      "reference task etl.normalize (p/d, version v7) is registered elsewhere and cannot run locally",
    );
    const mocked = referenceTask<(x: Int) => Int>(
      id,
      { inputs: { x: t.int }, outputs: { o0: t.int } },
      { local: (x: Int) => x * 10 },
    );
    const flow = workflow(
      (x: Int) => mocked(x),
      {},
      { module: "m", key: "mocked", signature: { params: ints("x"), returns: single } },
    );
    expect(await run(flow, 4)).toBe(40);
    expect(await mocked(5 as Int)).toBe(50);
    await expect(normalize(5 as Int)).rejects.toThrow("cannot run locally");
  });

  test("an incomplete identifier is refused", () => {
    expect(() => referenceTask({ ...id, version: "" }, {})).toThrow(
      "reference task: the identifier needs a version",
    );
  });
});
