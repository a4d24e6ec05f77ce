// Runs under vitest with the flytekit-ts Vite plugin (see the repository's vitest.config.ts), so the
// tasks here carry the same names, types and signatures as the tspc build.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FlyteError,
  FlyteFile,
  type Int,
  SerializationSettings,
  serializeTask,
  serializeWorkflow,
  toWorkflowTemplate,
  WorkflowCompilationError,
} from "@flytekit-ts/core";
import { fromBinary, TaskSpecSchema, toBinary } from "@flytekit-ts/core/idl";
import { expect, describe as group, test } from "vitest";
import { countLines, farthest, greet, stats, survey, surveyOrigin } from "../src/hello.js";

const settings = SerializationSettings.forImage("ghcr.io/flytekit-ts/hello:0.1.0", "v1");

group("hello tasks, run locally", () => {
  test("greet: an optional input", async () => {
    expect(await greet("world")).toBe("hello world");
    expect(await greet("Ada", "Dr.")).toBe("hello Dr. Ada");
  });

  test("stats: a list in, named outputs out", async () => {
    expect(await stats([3, 4, 5])).toEqual({ mean: 4, count: 3 });
  });

  test("countLines: a file in; a local file needs no download", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hello-"));
    await writeFile(join(dir, "notes.txt"), "one\ntwo\n\nthree\n");
    expect(await countLines(new FlyteFile(join(dir, "notes.txt"), "txt"))).toBe(3);
  });

  test("farthest: structs in and out", async () => {
    expect(
      await farthest([
        { x: 1, y: 1 },
        { x: 3, y: 4, label: "far" },
      ]),
    ).toEqual({ x: 3, y: 4, label: "far" });
  });

  test("a bad value fails as it would on a cluster", async () => {
    await expect(stats(["3"] as never)).rejects.toThrow(/hello\.stats/);
  });
});

group("the survey workflow", () => {
  test("runs its three nodes locally", async () => {
    const text = await survey(
      [
        { x: 1, y: 2 },
        { x: 6, y: 8, label: "peak" },
      ],
      [1, 2, 6],
    );
    expect(text).toBe("peak at (6, 8); 3 coordinates, mean 3");
  });

  test("compiles to the graph flytekit would build", () => {
    const template = toWorkflowTemplate(survey, settings);
    expect(template.id?.name).toBe("hello.survey");
    expect(template.nodes.map((node) => [node.id, node.metadata?.name, node.upstreamNodeIds])).toEqual([
      ["n0", "farthest", []],
      ["n1", "stats", []],
      ["n2", "describe", ["n0", "n1"]],
    ]);
    expect(serializeWorkflow(survey, settings).template?.interface?.inputs?.variables).toHaveProperty(
      "coordinates",
    );
  });

  test("a launch plan fixes the points", () => {
    const plan = surveyOrigin.toModel(settings);
    expect(Object.keys(plan.spec?.fixedInputs?.literals ?? {})).toEqual(["points"]);
    expect(Object.keys(plan.spec?.defaultInputs?.parameters ?? {})).toEqual(["coordinates"]);
  });

  test("compile errors name the workflow and node", async () => {
    const { workflow } = await import("@flytekit-ts/core");
    const broken = workflow((n: Int) => greet(n as never), {
      name: "broken",
      inputs: { n: { type: { kind: "int" } } },
      outputs: { o0: { type: { kind: "string" } } },
    });
    expect(() => broken.compile()).toThrow(WorkflowCompilationError);
    expect(() => broken.compile()).toThrow(
      /workflow broken, node n0 \(hello\.greet\): input who expects string/,
    );
  });
});

group("serializing and errors", () => {
  test("a task serializes to the bytes flytectl registers, the same every time", () => {
    const spec = serializeTask(greet, SerializationSettings.forImage("ghcr.io/acme/app:1.0", "v1"));
    const bytes = toBinary(TaskSpecSchema, spec); // an admin.TaskSpec
    expect(fromBinary(TaskSpecSchema, bytes).template?.id?.name).toBe("hello.greet");
    expect(
      toBinary(
        TaskSpecSchema,
        serializeTask(greet, SerializationSettings.forImage("ghcr.io/acme/app:1.0", "v1")),
      ),
    ).toEqual(bytes);
  });

  test("errors are classes with a code", async () => {
    let caught: unknown;
    try {
      await stats(["3"] as never);
    } catch (error) {
      if (error instanceof FlyteError && error.code === "TYPE_MISMATCH") caught = error.message;
    }
    expect(caught).toBe('Task hello.stats: input "values"[0]: expected float, got string "3"');
  });
});
