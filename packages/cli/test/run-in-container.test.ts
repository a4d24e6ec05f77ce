import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { ImageSpec } from "@flytekit-ts/core";
import { beforeAll, describe, expect, test } from "vitest";
import { project } from "../../runtime/test/support/entrypoint.js";
import { RUN_LABEL, runContainer } from "../src/docker/run-container.js";
import { buildImage } from "../src/images/build-image.js";
import { cli, tsflyte } from "./support/cli.js";
import { busyboxImage, nodeProjectImage, requireDocker } from "./support/docker-images.js";

/** Runs a script in a plain node child: the project's compiled tasks must meet one copy of core. */
function inChild(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: project });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let nodeImage = "";
let busybox = "";
beforeAll(async () => {
  busybox = await busyboxImage();
  nodeImage = await nodeProjectImage(project);
}, 300_000);

const runtimeIndex = new URL("../dist/index.js", import.meta.url).href;
const containersModule = new URL("../dist/containers/run-task-in-container.js", import.meta.url).href;

/** Calls runTaskInContainer on a task of the fixture project in a child, printing outputs or the error. */
async function runInChild(module: string, key: string, inputs: string, options: string) {
  const result = await inChild(`
    import { loadProjectExport } from ${JSON.stringify(new URL("../../runtime/dist/bundle/internal.js", import.meta.url).href)};
    import { runTaskInContainer } from ${JSON.stringify(containersModule)};
    await import(${JSON.stringify(runtimeIndex)});
    const task = await loadProjectExport(${JSON.stringify(module)}, ${JSON.stringify(key)}, "tasks", process.cwd());
    try {
      const out = await runTaskInContainer(task, ${inputs}, ${options});
      console.log(JSON.stringify({ out }, (k, v) => typeof v === "bigint" ? Number(v) : v));
    } catch (e) {
      const cause = e.cause;
      console.log(JSON.stringify({ kind: e.kind, cause: cause?.name, code: cause?.code, document: cause?.document?.error ? { code: cause.document.error.code, kind: cause.document.error.kind, origin: cause.document.error.origin, message: cause.document.error.message } : undefined, message: e.message }));
    }`);
  if (result.code !== 0) throw new Error(`child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
}

describe("run --container: templates run as propeller runs them", () => {
  test("a function task runs with tsflyte-execute in its image", async () => {
    const result = await runInChild(
      "tasks",
      "add",
      "{ a: 2, b: 40 }",
      `{ images: [${JSON.stringify(nodeImage)}], network: "none" }`,
    );
    expect(result).toEqual({ out: { o0: 42 } });
  });

  test("a failing function task comes back as its error document", async () => {
    const result = await runInChild(
      "tasks",
      "fails",
      "{ x: 7 }",
      `{ images: [${JSON.stringify(nodeImage)}], network: "none" }`,
    );
    expect(result).toMatchObject({ kind: "user", cause: "TaskErrorDocumentError", code: "USER" });
    expect(result.document.code).toBe("USER:RuntimeError");
    expect(result.document.origin).toBe(1);
    expect(result.document.message).toContain("boom 7");
  });

  test("an instance task runs with the execution identity propeller gives it", async () => {
    const result = await runInChild(
      "context",
      "doubled",
      "{ x: 3 }",
      `{ images: [${JSON.stringify(nodeImage)}], network: "none" }`,
    );
    expect(result).toEqual({ out: { o0: 16 } }); // (3 + "local".length) * 2 in postExecute
  });

  test("a customized container task's executor runs from the template alone", async () => {
    const result = await runInChild(
      "plugin",
      "greet",
      '{ who: "world" }',
      `{ image: ${JSON.stringify(nodeImage)}, network: "none" }`,
    );
    expect(result).toEqual({ out: { o0: "hello, world" } });
  });

  test("a map task runs one container per element as propeller's array node does; failed elements follow the min-success rule", async () => {
    const mapRun = async (key: string, inputs: string, options: string) => {
      const result = await inChild(`
        import { loadProjectExport } from ${JSON.stringify(new URL("../../runtime/dist/bundle/internal.js", import.meta.url).href)};
        import { runTaskInContainer } from ${JSON.stringify(containersModule)};
        import { mapTask } from "@flytekit-ts/core";
        await import(${JSON.stringify(runtimeIndex)});
        const task = await loadProjectExport("tasks", ${JSON.stringify(key)}, "tasks", process.cwd());
        const map = mapTask(task, ${options}).self;
        try {
          const out = await runTaskInContainer(map, ${inputs}, { images: [${JSON.stringify(nodeImage)}], network: "none" });
          console.log(JSON.stringify({ out }, (k, v) => typeof v === "bigint" ? Number(v) : v === undefined ? null : v));
        } catch (e) {
          console.log(JSON.stringify({ kind: e.kind, cause: e.cause?.name, message: e.message }));
        }`);
      if (result.code !== 0) throw new Error(`child failed: ${result.stderr}`);
      return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}");
    };
    // Bound input b is given whole to each element; a is mapped over.
    expect(await mapRun("add", "{ a: [1, 2, 3], b: 10 }", '{ boundInputs: ["b"] }')).toEqual({
      out: { o0: [11, 12, 13] },
    });
    // Every element fails but none needs to succeed: each is a none.
    expect(await mapRun("fails", "{ x: [1, 2] }", "{ minSuccessRatio: 0 }")).toEqual({
      out: { o0: [null, null] },
    });
    // All must succeed: the map fails with the first failed element's error document.
    const failed = await mapRun("fails", "{ x: [1, 2] }", "{ concurrency: 1 }");
    expect(failed).toMatchObject({ kind: "user", cause: "TaskErrorDocumentError" });
    expect(failed.message).toContain("boom 1");
  });

  test("an ImageSpec with entrypointSnapshot: tsflyte-execute in the image starts from the snapshot built in it", async () => {
    const spec = new ImageSpec({
      name: "flytekit-ts-test/snapshot",
      baseImage: nodeImage,
      env: { FLYTE_PROJECT_ROOT: "/app" },
      entrypointSnapshot: true,
    });
    const { image } = await buildImage(spec, { network: "none" });
    const lines: string[] = [];
    const which = await runContainer(
      {
        image,
        entrypoint: ["sh", "-c"],
        cmd: ["command -v tsflyte-execute; ls /opt/flytekit-ts"],
        network: "none",
      },
      { onLog: (line) => lines.push(line) },
    );
    expect(which.exitCode).toBe(0);
    expect(lines).toEqual(["/opt/flytekit-ts/bin/tsflyte-execute", "bin", "entrypoints.blob"]);
    const result = await runInChild(
      "tasks",
      "add",
      "{ a: 2, b: 40 }",
      `{ images: [${JSON.stringify(image)}], network: "none" }`,
    );
    expect(result).toEqual({ out: { o0: 42 } });
    const failed = await runInChild(
      "tasks",
      "fails",
      "{ x: 3 }",
      `{ images: [${JSON.stringify(image)}], network: "none" }`,
    );
    expect(failed).toMatchObject({ kind: "user", cause: "TaskErrorDocumentError", code: "USER" });
    expect(failed.document.message).toContain("boom 3");
  });

  test("a dynamic task in a container: its graph (futures.pb) is said to be propeller's, and the CLI refuses it first", async () => {
    const result = await runInChild(
      "fanout",
      "fanOut",
      "{ n: 2 }",
      `{ images: [${JSON.stringify(nodeImage)}], network: "none", containerEnv: {} }`,
    );
    expect(result).toMatchObject({ cause: "ContainerTaskError" });
    expect(result.message).toContain("it is a dynamic task: it wrote its graph (futures.pb)");
    const run = tsflyte(["run", "--container", "-i", nodeImage, "fanout", "fanOut", "--n", "2"], {
      cwd: project,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("dynamic task fanout.fanOut builds a graph when it runs");
  });

  test("tsflyte run --container prints the outputs", () => {
    const run = tsflyte(
      ["run", "--container", "-i", nodeImage, "--network", "none", "tasks", "add", "--a", "20", "--b", "22"],
      {
        cwd: project,
      },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ o0: 42 });
  });

  test("tsflyte run --container of a failing task: exit 1 with the task's error", () => {
    const run = tsflyte(
      ["run", "--container", "-i", nodeImage, "--network", "none", "tasks", "fails", "--x", "5"],
      {
        cwd: project,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("boom 5");
  });

  test("tsflyte run runs a ContainerTask in Docker", () => {
    const run = tsflyte(
      ["run", "-i", `busybox=${busybox}`, "--network", "none", "containers", "shout", "--word", "hey"],
      {
        cwd: project,
      },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ loud: "HEY" });
  });

  test("tsflyte build builds the project's ImageSpecs; tsflyte run then runs in them", () => {
    const env = { TEST_BASE_IMAGE: busybox };
    const build = tsflyte(["build", "--force", "--network", "none"], { cwd: project, env });
    expect(build.status, build.stderr).toBe(0);
    const [image] = build.stdout.trim().split("\n");
    expect(image).toMatch(/^flytekit-ts-test\/toolbox:[a-z2-7]{26}$/);
    expect(build.stderr).toContain(`Built ${image}`);
    const again = tsflyte(["build", "--network", "none"], { cwd: project, env });
    expect(again.stderr).toContain(`${image} exists`);
    const run = tsflyte(["run", "--network", "none", "containers", "motd"], { cwd: project, env });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ text: "made by tsflyte build" });
  });

  test("tsflyte build --push pushes to the registry (on loopback) once: an unchanged spec is neither rebuilt nor pushed again", async () => {
    const registry = `localhost:${process.env.FLYTE_TEST_REGISTRY_PORT ?? "5000"}`;
    const env = { TEST_BASE_IMAGE: busybox, TEST_REGISTRY: registry, TEST_IMAGE_NOTE: `run${Date.now()}` };
    const build = tsflyte(["build", "--push", "--network", "none"], { cwd: project, env });
    expect(build.status, build.stderr).toBe(0);
    const image = build.stdout.trim();
    expect(image).toMatch(new RegExp(`^${registry}/flytekit-ts-test/toolbox:[a-z2-7]{26}$`));
    expect(build.stderr).toContain(`Pushed ${image}`);
    const tag = image.slice(image.lastIndexOf(":") + 1);
    const api = `http://127.0.0.1:${registry.split(":")[1]}/v2/flytekit-ts-test/toolbox`;
    const tags = (await (await fetch(`${api}/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toContain(tag);
    const manifest = await fetch(`${api}/manifests/${tag}`, {
      headers: {
        accept:
          "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json",
      },
    });
    expect(manifest.status).toBe(200);
    const again = tsflyte(["build", "--push", "--network", "none"], { cwd: project, env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${image} exists`);
    expect(again.stderr).toContain(`${image} is in the registry already`);
    expect(again.stderr).not.toContain("Pushed");
    // A registry that does not answer: one line naming the image, exit 1.
    const nowhere = tsflyte(["build", "--push", "--network", "none"], {
      cwd: project,
      env: { ...env, TEST_REGISTRY: "localhost:1" },
    });
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toMatch(/pushing localhost:1\/flytekit-ts-test\/toolbox:[a-z2-7]{26} failed: /);
  });

  test("Ctrl-C mid-run removes the container and the temporary folders", async () => {
    const docker = await requireDocker();
    const child = spawn(
      process.execPath,
      [cli, "run", "-i", `busybox=${busybox}`, "--network", "none", "containers", "sleeper"],
      {
        cwd: project,
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    let running = 0;
    for (let i = 0; i < 100 && running === 0; i++) {
      await sleep(100);
      running = (await docker.listContainers({ filters: { label: [RUN_LABEL], status: ["running"] } }))
        .length;
    }
    expect(running, stderr).toBe(1);
    child.kill("SIGINT");
    const exit = await exited;
    expect(exit.signal ?? exit.code).toBe("SIGINT");
    expect(await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } })).toEqual([]);
    expect((await readdir(tmpdir())).filter((name) => name.startsWith("flytekit-ts-run-"))).toEqual([]);
  });
});

test("no run, failed or not, leaves a container behind", async () => {
  const docker = await requireDocker();
  expect(await docker.listContainers({ all: true, filters: { label: [RUN_LABEL] } })).toEqual([]);
});
