// Runs under vitest with the flytekit-ts Vite plugin (see the repository's vitest.config.ts). The
// container tasks run in the local Docker engine that `bash scripts/docker-engine.sh start` provides.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContainerTaskError, ExecutionFailure, localExecute } from "@flytekit-ts/cli";
import {
  FlyteDirectory,
  FlyteFile,
  SerializationSettings,
  serializeTask,
  toWorkflowTemplate,
  WorkflowNodeError,
} from "@flytekit-ts/core";
import { beforeAll, describe, expect, test } from "vitest";
import { chunk, image, makeLines, report, summarize } from "../src/pipeline.js";

const example = fileURLToPath(new URL("..", import.meta.url));
const offline = { container: { network: "none" } } as const;

beforeAll(() => {
  execFileSync("bash", [join(example, "scripts", "busybox-image.sh"), image], { stdio: "pipe" });
}, 120_000);

describe("each container task, in Docker", () => {
  test("makeLines writes a file output", async () => {
    const { lines } = await localExecute(makeLines, { count: 3 }, offline);
    expect(lines).toBeInstanceOf(FlyteFile);
    expect(await readFile((lines as FlyteFile).path, "utf8")).toBe("line 1\nline 2\nline 3\n");
  });

  test("chunk takes a file in and gives a directory out", async () => {
    const dir = await mkdtemp(join(tmpdir(), "containers-example-"));
    await writeFile(join(dir, "lines"), "a\nb\nc\nd\ne\n");
    const { chunks } = await localExecute(
      chunk,
      { lines: new FlyteFile(join(dir, "lines")), size: 2 },
      offline,
    );
    const path = (chunks as FlyteDirectory).path;
    expect((await readdir(path)).sort()).toEqual(["part-000", "part-001", "part-002"]);
    expect(await readFile(join(path, "part-002"), "utf8")).toBe("e\n");
  });

  test("summarize reads a directory and parses integer outputs as copilot does", async () => {
    const dir = await mkdtemp(join(tmpdir(), "containers-example-"));
    await writeFile(join(dir, "x"), "1\n2\n");
    await writeFile(join(dir, "y"), "3\n");
    expect(await localExecute(summarize, { chunks: new FlyteDirectory(dir) }, offline)).toEqual({
      files: 2,
      lines: 3,
    });
  });
});

describe("the report workflow", () => {
  test("runs the three containers in order, passing a file and a directory", async () => {
    expect(await localExecute(report, { count: 7, size: 3 }, offline)).toEqual({ o0: 3, o1: 7 });
  });

  test("compiles to a three-node graph", () => {
    const settings = SerializationSettings.forImage("ghcr.io/flytekit-ts/containers:0.1.0", "v1");
    const template = toWorkflowTemplate(report, settings);
    expect(template.nodes.map((node) => [node.id, node.upstreamNodeIds])).toEqual([
      ["n0", []],
      ["n1", ["n0"]],
      ["n2", ["n1"]],
    ]);
    const container = serializeTask(summarize, settings).template?.target;
    expect(container?.case).toBe("container");
    expect(container?.case === "container" && container.value.image).toBe(image);
  });
});

describe("bad runs fail clearly and leave nothing behind", () => {
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  test("a container exiting non-zero: the task, the exit code and its last lines", async () => {
    const error = await failure(
      localExecute(chunk, { lines: new FlyteFile(join(example, "package.json")), size: 0 }, offline),
    );
    expect(error).toBeInstanceOf(ExecutionFailure);
    const cause = (error as ExecutionFailure).cause as ContainerTaskError;
    expect(cause).toBeInstanceOf(ContainerTaskError);
    expect(cause.reason).toBe("exit");
    expect(cause.exitCode).not.toBe(0);
    expect(cause.message).toContain("container task containers.chunk");
    expect(cause.message).toMatch(/division by zero/i);
  });

  test("a workflow node that fails is named, with the container's error as its cause", async () => {
    const error = await failure(localExecute(report, { count: 4, size: 0 }, offline));
    expect(error).toBeInstanceOf(WorkflowNodeError);
    expect((error as WorkflowNodeError).nodeId).toBe("n1");
  });

  test("an input file that does not exist fails before any container starts", async () => {
    const error = await failure(
      localExecute(chunk, { lines: new FlyteFile("/nonexistent/lines"), size: 2 }, offline),
    );
    expect(String(error)).toMatch(/lines/);
    expect(String(error)).toContain("/nonexistent/lines");
  });
});
