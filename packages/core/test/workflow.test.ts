import { readFileSync } from "node:fs";
import { equals, fromJson, toBinary } from "@bufbuild/protobuf";
import { describe, expect, test } from "vitest";
import { LaunchPlanSchema } from "../src/gen/flyteidl/admin/launch_plan_pb.js";
import { WorkflowSpecSchema } from "../src/gen/flyteidl/admin/workflow_pb.js";
import {
  ContainerTask,
  createNode,
  ExecutionFailure,
  FlyteNotImplementedError,
  Int,
  isFlyteError,
  LaunchPlan,
  SerializationSettings,
  serializeWorkflow,
  type TypeDescriptor,
  t,
  task,
  toWorkflowTemplate,
  WorkflowCompilationError,
  WorkflowNodeError,
  workflow,
} from "../src/index.js";
import {
  executeWorkflow,
  type ParameterDescriptor,
  type ReturnDescriptor,
  type TaskMeta,
} from "../src/internal.js";
import { pbjs, throughProtobufjs } from "./support/fixtures.js";

const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");

/** What the transformer passes for a task or workflow declared in module `ref_tasks`. */
function meta(key: string, params: ParameterDescriptor[], returns: ReturnDescriptor): TaskMeta {
  return { module: "ref_tasks", key, signature: { params, returns } };
}
const int = (name: string, extra: Partial<ParameterDescriptor> = {}): ParameterDescriptor => ({
  name,
  type: t.int,
  ...extra,
});
const single = (type: TypeDescriptor = t.int): ReturnDescriptor => ({ kind: "single", type });

const add = task((a: Int, b: Int) => Int(a + b), {}, meta("add", [int("a"), int("b")], single()));
const double = task(
  (x: Int) => Int(x * 2),
  { retries: 3, timeout: 60 },
  meta("double", [int("x")], single()),
);
const total = task(
  (xs: Int[]) => Int(xs.reduce((sum, x) => sum + x, 0)),
  {},
  meta("total", [{ name: "xs", type: t.list(t.int) }], single()),
);
const divmod = task(
  (a: Int, b: Int): [Int, Int] => [Int(Math.floor(a / b)), Int(a % b)],
  {},
  meta("divmod", [int("a"), int("b")], { kind: "tuple", types: [t.int, t.int] }),
);
const fail = task(
  (x: Int): Int => {
    throw new Error(`no good: ${x}`);
  },
  {},
  meta("fail", [int("x")], single()),
);
const greet = task(
  (name: string, punctuation = "!") => `hello ${name}${punctuation}`,
  {},
  meta(
    "greet",
    [
      { name: "name", type: t.string },
      { name: "punctuation", type: t.string, default: "!" },
    ],
    single(t.string),
  ),
);

const addWf = workflow((a: Int, b: Int) => add(a, b), {}, meta("add_wf", [int("a"), int("b")], single()));

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`./fixtures/flytekit-1.16.24-workflows/${name}`, import.meta.url), "utf8"),
  ) as never;

describe("serialization, as flytekit writes it", () => {
  test("add_wf: the WorkflowSpec equals flytekit's", () => {
    const ours = serializeWorkflow(addWf, settings);
    const expected = fromJson(WorkflowSpecSchema, fixture("add_wf.workflow.json"));
    expect(ours).toEqual(expected);
    expect(equals(WorkflowSpecSchema, ours, expected)).toBe(true);
  });

  test("add_wf: the default launch plan equals flytekit's", () => {
    const ours = LaunchPlan.defaultFor(addWf).toModel(settings);
    expect(
      equals(LaunchPlanSchema, ours, fromJson(LaunchPlanSchema, fixture("add_wf.launch_plan.json"))),
    ).toBe(true);
    expect(LaunchPlan.defaultFor(addWf)).toBe(LaunchPlan.defaultFor(addWf));
  });

  test("workflow specs and launch plans decode with flyteidl's protobufjs code", () => {
    const spec = throughProtobufjs(
      WorkflowSpecSchema,
      pbjs.admin.WorkflowSpec,
      serializeWorkflow(addWf, settings),
    );
    expect(spec.equal).toBe(true);
    expect((spec.decoded.template as { nodes: { id: string }[] }).nodes[0]?.id).toBe("n0");
    const plan = throughProtobufjs(
      LaunchPlanSchema,
      pbjs.admin.LaunchPlan,
      LaunchPlan.defaultFor(addWf).toModel(settings),
    );
    expect(plan.equal).toBe(true);
  });

  test("output is deterministic", () => {
    const once = toBinary(WorkflowSpecSchema, serializeWorkflow(addWf, settings));
    expect(toBinary(WorkflowSpecSchema, serializeWorkflow(addWf, settings))).toEqual(once);
  });

  test("fan-out and fan-in: node ids in call order, upstream ids, task metadata on nodes", () => {
    const wf = workflow(
      (a: Int) => {
        const left = double(a);
        const right = double(a);
        return add(left, right);
      },
      {},
      meta("fan", [int("a")], single()),
    );
    const template = toWorkflowTemplate(wf, settings);
    expect(template.nodes.map((node) => node.id)).toEqual(["n0", "n1", "n2"]);
    expect(template.nodes.map((node) => node.upstreamNodeIds)).toEqual([[], [], ["n0", "n1"]]);
    const n2 = template.nodes[2];
    expect(
      n2?.inputs.map((b) => [b.var, b.binding?.value.case === "promise" && b.binding.value.value.nodeId]),
    ).toEqual([
      ["a", "n0"],
      ["b", "n1"],
    ]);
    const n0 = template.nodes[0]?.metadata;
    expect(n0?.name).toBe("double");
    expect(n0?.retries?.retries).toBe(3);
    expect(n0?.timeout?.seconds).toBe(60n);
    expect(
      template.outputs[0]?.binding?.value.case === "promise" &&
        template.outputs[0].binding.value.value.nodeId,
    ).toBe("n2");
  });

  test("constants: scalars, lists of promises and constants, and defaults", () => {
    const wf = workflow(
      (a: Int) => {
        const doubled = double(a);
        return add(total([doubled, Int(5), a]), Int(7));
      },
      {},
      meta("consts", [int("a")], single()),
    );
    const [n0, n1, n2] = toWorkflowTemplate(wf, settings).nodes;
    expect(n0?.id).toBe("n0");
    const list = n1?.inputs[0]?.binding?.value;
    expect(list?.case).toBe("collection");
    const items = list?.case === "collection" ? list.value.bindings.map((b) => b.value.case) : [];
    expect(items).toEqual(["promise", "scalar", "promise"]);
    expect(n1?.upstreamNodeIds).toEqual(["n0"]);
    const b = n2?.inputs.find((binding) => binding.var === "b")?.binding?.value;
    expect(
      b?.case === "scalar" && b.value.value.case === "primitive" && b.value.value.value.value.value,
    ).toBe(7n);

    const withDefault = workflow(
      (name: string) => greet(name),
      {},
      meta("hello", [{ name: "name", type: t.string }], single(t.string)),
    );
    const bindings = toWorkflowTemplate(withDefault, settings).nodes[0]?.inputs ?? [];
    expect(bindings.map((binding) => binding.var)).toEqual(["name", "punctuation"]);
    const punctuation = bindings[1]?.binding?.value;
    expect(
      punctuation?.case === "scalar" &&
        punctuation.value.value.case === "primitive" &&
        punctuation.value.value.value.value.value,
    ).toBe("!");
  });

  test("tuple outputs destructure into promises; overrides apply to the node", () => {
    const wf = workflow(
      (a: Int, b: Int) => {
        const [q, r] = divmod(a, b).withOverrides({
          name: "split",
          retries: 5,
          interruptible: true,
          requests: { cpu: "2" },
        });
        return add(q, r);
      },
      {},
      meta("split", [int("a"), int("b")], single()),
    );
    const [n0, n1] = toWorkflowTemplate(wf, settings).nodes;
    expect(n0?.metadata?.name).toBe("split");
    expect(n0?.metadata?.retries?.retries).toBe(5);
    expect(n0?.metadata?.interruptibleValue).toEqual({ case: "interruptible", value: true });
    const overrides = n0?.target.case === "taskNode" ? n0.target.value.overrides : undefined;
    expect(overrides?.resources?.requests.map((entry) => entry.value)).toEqual(["2"]);
    expect(n1?.inputs.map((b) => b.binding?.value.case === "promise" && b.binding.value.value.var)).toEqual([
      "o0",
      "o1",
    ]);
  });

  test("a launch plan with default and fixed inputs", () => {
    const plan = LaunchPlan.create("add_seven", addWf, {
      defaultInputs: { a: Int(1) },
      fixedInputs: { b: Int(7) },
    });
    const model = plan.toModel(settings);
    const parameters = model.spec?.defaultInputs?.parameters ?? {};
    expect(Object.keys(parameters)).toEqual(["a"]);
    expect(parameters.a?.behavior.case).toBe("default");
    const fixed = model.spec?.fixedInputs?.literals.b?.value;
    expect(
      fixed?.case === "scalar" &&
        fixed.value.value.case === "primitive" &&
        fixed.value.value.value.value.value,
    ).toBe(7n);
    expect(model.spec?.workflowId?.name).toBe("ref_tasks.add_wf");
    expect(model.id?.name).toBe("add_seven");
    expect(() => LaunchPlan.create("bad", addWf, { fixedInputs: { c: 1 } })).toThrow(
      /not an input of workflow ref_tasks.add_wf/,
    );
    expect(() => LaunchPlan.create("bad", addWf, { fixedInputs: { b: "x" } })).toThrow(
      WorkflowCompilationError,
    );
  });

  test("sub-workflows and launch plans as nodes", () => {
    const plan = LaunchPlan.create("add_lp", addWf, { fixedInputs: { b: Int(1) } });
    const outer = workflow(
      (x: Int) => {
        const y = addWf(x, x);
        return createNode<Int>(plan, { a: y });
      },
      {},
      meta("outer", [int("x")], single()),
    );
    const spec = serializeWorkflow(outer, settings);
    const [n0, n1] = spec.template?.nodes ?? [];
    expect(n0?.target.case === "workflowNode" && n0.target.value.reference.case).toBe("subWorkflowRef");
    expect(n1?.target.case === "workflowNode" && n1.target.value.reference.case).toBe("launchplanRef");
    expect(n1?.inputs.map((b) => b.var)).toEqual(["a"]);
    expect(spec.subWorkflows.map((sub) => sub.id?.name)).toEqual(["ref_tasks.add_wf"]);
  });
});

describe("compile-time errors", () => {
  const compileError = (fn: (...args: never[]) => unknown, params: ParameterDescriptor[] = [int("a")]) => {
    const wf = workflow(fn as never, {}, meta("broken", params, single()));
    try {
      wf.compile();
    } catch (error) {
      expect(error).toBeInstanceOf(WorkflowCompilationError);
      expect(isFlyteError(error, "VALIDATION")).toBe(true);
      return (error as Error).message;
    }
    throw new Error("compiled");
  };

  test("a wrong input type, naming the workflow, node and input", () => {
    const message = compileError((a: Int) => greet(a as never));
    expect(message).toMatch(
      /workflow ref_tasks.broken, node n0 \(ref_tasks.greet\): input name expects string but got input a of workflow ref_tasks.broken \(int\)/,
    );
  });

  test("a wrong constant", () => {
    expect(compileError((a: Int) => add(a, "x" as never))).toMatch(/input b/);
  });

  test("an unknown input name", () => {
    expect(compileError((a: Int) => createNode(add, { a, c: a }))).toMatch(
      /has no input named "c" \(its inputs: a, b\)/,
    );
  });

  test("an unbound required input", () => {
    expect(compileError((a: Int) => createNode(add, { a }))).toMatch(
      /input b of type int was not given and has no default/,
    );
  });

  test("a promise used as a value", () => {
    expect(compileError((a: Int) => (a > 3 ? add(a, a) : a))).toMatch(
      /input a of workflow ref_tasks.broken is a promise, not a value/,
    );
    expect(compileError((a: Int) => greet(`${a}`))).toMatch(/is a promise, not a value/);
  });

  test("an async body", () => {
    expect(compileError(async (a: Int) => add(a, a))).toMatch(/Workflow bodies are synchronous/);
  });

  test("a task with no outputs passed on", () => {
    const log = task((_x: Int) => undefined, {}, meta("log", [int("x")], { kind: "void" }));
    expect(compileError((a: Int) => add(log(a) as never, a))).toMatch(/produces no outputs/);
  });

  test("a tuple passed as one value", () => {
    expect(compileError((a: Int) => double(divmod(a, a) as never))).toMatch(/got 2 promises/);
  });

  test("createNode outside a workflow", () => {
    expect(() => createNode(add, {})).toThrow(/only be created inside a workflow body/);
  });
});

describe("local runs", () => {
  test("calling a workflow runs its nodes and returns native outputs", async () => {
    expect(await addWf(Int(2), Int(3))).toBe(5);
    const fan = workflow(
      (a: Int) => add(double(a), total([double(a), Int(1)])),
      {},
      meta("fan2", [int("a")], single()),
    );
    expect(await fan(Int(4))).toBe(8 + 9);
  });

  test("independent nodes run concurrently", async () => {
    let active = 0;
    let peak = 0;
    const slow = task(
      async (x: Int) => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 30));
        active -= 1;
        return x;
      },
      {},
      meta("slow", [int("x")], single()),
    );
    const wf = workflow((a: Int) => add(slow(a), slow(a)), {}, meta("par", [int("a")], single()));
    expect(await wf(Int(1))).toBe(2);
    expect(peak).toBe(2);
  });

  test("a failing node fails the workflow with the node id", async () => {
    const wf = workflow((a: Int) => add(double(a), fail(a)), {}, meta("failing", [int("a")], single()));
    const error = await wf(Int(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowNodeError);
    expect((error as WorkflowNodeError).nodeId).toBe("n1");
    expect((error as Error).message).toMatch(
      /Workflow ref_tasks.failing: node n1 \(ref_tasks.fail\) failed: no good: 1/,
    );
  });

  test("bad inputs fail before any node runs", async () => {
    await expect(addWf("x" as never, Int(1))).rejects.toThrow(/input "a"/);
  });

  test("tuple outputs and defaults locally", async () => {
    const wf = workflow(
      (a: Int, b: Int = Int(5)): [Promise<Int>, Promise<Int>] => {
        const [q, r] = divmod(a, b);
        return [q, r];
      },
      {},
      meta("dm", [int("a"), int("b", { default: 5 })], { kind: "tuple", types: [t.int, t.int] }),
    );
    expect(await wf(Int(17))).toEqual([3, 2]);
    expect(await executeWorkflow(wf, { a: Int(7), b: Int(2) })).toEqual({ o0: 3, o1: 1 });
  });

  test("tasks that cannot run in process point at the runtime", async () => {
    const square = new ContainerTask({
      name: "square",
      image: "busybox",
      inputs: { val: t.int },
      outputs: { out: t.int },
      command: ["sh", "-c", "echo $(( {{.inputs.val}} ** 2 )) > /var/outputs/out"],
    });
    const wf = workflow(
      (a: Int) => createNode<{ out: Int }>(square, { val: a }).out,
      {},
      meta("sq", [int("a")], single()),
    );
    expect(toWorkflowTemplate(wf, settings).nodes[0]?.metadata?.name).toBe("square");
    const error = await wf(Int(2)).catch((e: unknown) => e);
    // The node failed as every task execution fails: an ExecutionFailure, its cause the reason.
    const cause = (error as Error & { cause: { cause: unknown } }).cause;
    expect(cause).toBeInstanceOf(ExecutionFailure);
    expect(cause.cause).toBeInstanceOf(FlyteNotImplementedError);
    expect((cause.cause as Error).message).toMatch(
      /ContainerTask square cannot run in this process: .*localExecute\(\) from @flytekit-ts\/cli/,
    );
  });
});

describe("local calls outside workflows", () => {
  test("task calls take promises, also inside lists", async () => {
    expect(await add(add(Int(1), Int(2)), Int(3))).toBe(6);
    expect(await total([add(Int(1), Int(2)), Int(4)])).toBe(7);
    const call = add(Int(1), Int(1));
    expect(call.withOverrides({ retries: 1 })).toBe(call);
    expect(await call).toBe(2);
  });
});
