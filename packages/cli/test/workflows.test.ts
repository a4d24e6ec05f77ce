import { rmSync } from "node:fs";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { afterAll, describe, expect, test } from "vitest";
import { LaunchPlanSchema, TaskSpecSchema, WorkflowSpecSchema } from "../../core/src/idl.js";
import { pbjs, throughProtobufjs } from "../../core/test/support/fixtures.js";
import { project } from "../../runtime/test/support/entrypoint.js";
import { readArchive, scratch, tsflyte } from "./support/cli.js";
import { busyboxImage } from "./support/docker-images.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("tsflyte package with workflows", () => {
  test("in definition order, as pyflyte: each entity after what it uses, each workflow followed by its default launch plan", async () => {
    const dir = scratch();
    made.push(dir);
    const out = join(dir, "flows.tgz");
    const run = tsflyte(["package", "-m", "flows", "-o", out]);
    expect(run.stderr).toContain("Successfully packaged 9 flyte objects");
    expect(run.status).toBe(0);
    const entries = await readArchive(out);
    expect(entries.map((entry) => entry.name)).toEqual([
      "0_flows.pipeline.double_1.pb",
      "1_flows.pipeline.checked_1.pb",
      "2_ten.basics.add_1.pb",
      "3_ten.basics.greet_1.pb",
      "4_flows.pipeline.pipeline_2.pb",
      "5_flows.pipeline.pipeline_3.pb",
      "6_flows.pipeline.diamond_2.pb",
      "7_flows.pipeline.diamond_3.pb",
      "8_flows.with_ten_3.pb",
    ]);
    const bytes = (name: string) => entries.find((entry) => entry.name === name)?.bytes ?? new Uint8Array();

    // Every entry decodes, with the protobufjs code in @flyteorg/flyteidl too.
    for (const entry of entries) {
      const kind = entry.name.slice(-4, -3);
      const ok =
        kind === "1"
          ? throughProtobufjs(TaskSpecSchema, pbjs.admin.TaskSpec, fromBinary(TaskSpecSchema, entry.bytes))
              .equal
          : kind === "2"
            ? throughProtobufjs(
                WorkflowSpecSchema,
                pbjs.admin.WorkflowSpec,
                fromBinary(WorkflowSpecSchema, entry.bytes),
              ).equal
            : throughProtobufjs(
                LaunchPlanSchema,
                pbjs.admin.LaunchPlan,
                fromBinary(LaunchPlanSchema, entry.bytes),
              ).equal;
      expect(ok, entry.name).toBe(true);
    }

    const pipeline = fromBinary(WorkflowSpecSchema, bytes("4_flows.pipeline.pipeline_2.pb")).template;
    expect(pipeline?.id).toMatchObject({
      name: "flows.pipeline.pipeline",
      project: "",
      domain: "",
      version: "",
    });
    expect(
      pipeline?.nodes.map((node) => [
        node.id,
        node.target.case === "taskNode" && node.target.value.reference.value?.name,
        node.upstreamNodeIds,
      ]),
    ).toEqual([
      ["n0", "ten.basics.add", []],
      ["n1", "flows.pipeline.checked", ["n0"]],
      ["n2", "flows.pipeline.double", ["n1"]],
      ["n3", "ten.basics.greet", []],
    ]);
    // b's default (1) is a constant-free input of the workflow; greet's excited is the constant true.
    expect(pipeline?.interface?.outputs?.variables).toHaveProperty("o1");
    const greetExcited = pipeline?.nodes[3]?.inputs.find((binding) => binding.var === "excited")?.binding
      ?.value;
    expect(greetExcited?.case).toBe("scalar");

    const defaultPlan = fromBinary(LaunchPlanSchema, bytes("5_flows.pipeline.pipeline_3.pb"));
    const parameters = defaultPlan.spec?.defaultInputs?.parameters ?? {};
    expect(parameters.a?.behavior.case).toBe("required");
    expect(parameters.b?.behavior.case).toBe("default");
    const named = fromBinary(LaunchPlanSchema, bytes("8_flows.with_ten_3.pb"));
    expect(named.spec?.workflowId?.name).toBe("flows.pipeline.pipeline");
    expect(Object.keys(named.spec?.fixedInputs?.literals ?? {})).toEqual(["b"]);
    expect(Object.keys(named.spec?.defaultInputs?.parameters ?? {})).toEqual(["a"]);
  });
});

describe("tsflyte run with workflows", () => {
  test("runs a workflow's nodes and prints its outputs", () => {
    const run = tsflyte(["run", "flows.pipeline", "pipeline", "--a", "2"]);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ o0: 6, o1: "hello n!" });
    expect(JSON.parse(tsflyte(["run", "flows.pipeline", "diamond", "--x", "5"]).stdout)).toEqual({ o0: 20 });
  });

  test("runs a launch plan with its fixed inputs", () => {
    const run = tsflyte(["run", "flows.pipeline", "withTen", "--a", "1"]);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ o0: 22, o1: "hello n!" });
    expect(tsflyte(["run", "flows.pipeline", "withTen", "--a", "1", "--b", "2"]).status).toBe(2);
  });

  test("a failing node fails the run with the node id, exit 1", () => {
    const run = tsflyte(["run", "flows.pipeline", "pipeline", "--a", "-5", "--b", "0"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Workflow flows\.pipeline\.pipeline: node n1 \(flows\.pipeline\.checked\) failed: .*negative: -5/,
    );
    expect(run.stdout).toBe("");
  });

  test("--help lists a workflow's inputs; bad input is a usage error naming the workflow", () => {
    const help = tsflyte(["run", "flows.pipeline", "pipeline", "--help"]);
    expect(help.stdout).toMatch(/^Workflow flows\.pipeline\.pipeline/);
    expect(help.stdout).toMatch(/--b <int> \(default: 1\)/);
    const bad = tsflyte(["run", "flows.pipeline", "pipeline", "--a", "x"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/workflow flows\.pipeline\.pipeline, input a/);
  });
});

describe("workflows with container and plugin tasks", () => {
  test("a plugin (shim) task runs from its template in a workflow", () => {
    const run = tsflyte(["run", "flows", "welcome", "--who", "ada"], { cwd: project });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ o0: "hello, ada" });
  });

  test("a function task and a ContainerTask (in Docker) in one workflow", async () => {
    const busybox = await busyboxImage();
    const run = tsflyte(
      [
        "run",
        "-i",
        `busybox=${busybox}`,
        "--network",
        "none",
        "flows",
        "loud",
        "--a",
        "2",
        "--b",
        "3",
        "--word",
        "hey",
      ],
      { cwd: project },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ o0: 5, o1: "HEY" });
  });

  test("a failing container node fails the workflow with its node id", async () => {
    await busyboxImage();
    const run = tsflyte(
      [
        "run",
        "-i",
        "busybox=flytekit-ts-test/missing:1",
        "--network",
        "none",
        "flows",
        "loud",
        "--a",
        "1",
        "--b",
        "1",
        "--word",
        "x",
      ],
      { cwd: project },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Workflow flows\.loud: node n1 \(containers\.shout\) failed: /);
  });
});
