import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import {
  ContainerTask,
  FunctionTask,
  Int,
  methodTasks,
  SerializationSettings,
  serializeTask,
  type Task,
} from "../../core/src/index.js";
import { packageDir } from "./support/compile.js";

const project = join(packageDir, "test", "fixtures", "project");
const outDir = join(project, "dist");
const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");
const load = async (module: string) =>
  (await import(pathToFileURL(join(outDir, `${module}.js`)).href)) as Record<string, unknown>;

function argsOf(task: Task): string[] {
  const target = serializeTask(task, settings).template?.target;
  return target?.case === "container" ? target.value.args : [];
}

beforeAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  // The real tspc (ts-patch live compiler) with `plugins: [{ transform: "@flytekit-ts/transformer/tsc" }]`.
  const tspc = join(packageDir, "..", "..", "node_modules", ".bin", "tspc");
  execFileSync(tspc, ["-p", project], { stdio: "pipe" });
  expect(existsSync(join(outDir, "math.js"))).toBe(true);
}, 120_000);

describe("a project compiled with tspc and the transformer", () => {
  test("function tasks serialize with names, interfaces and default-resolver args", async () => {
    const math = await load("math");
    const add = math.add as FunctionTask;
    expect(add).toBeInstanceOf(FunctionTask);
    expect(add.name).toBe("math.add");
    expect(argsOf(add).slice(-7)).toEqual([
      "--resolver",
      "@flytekit-ts/runtime:defaultTaskResolver",
      "--",
      "task-module",
      "math",
      "task-name",
      "add",
    ]);
    const template = serializeTask(add, settings).template;
    expect(Object.keys(template?.interface?.inputs?.variables ?? {})).toEqual(["a", "b"]);
    expect(template?.interface?.inputs?.variables.a?.description).toBe("the left operand");
    expect(template?.interface?.outputs?.variables.o0?.description).toBe("the sum");
    expect(template?.metadata?.retries?.retries).toBe(2);

    const summarize = math.summarize as FunctionTask;
    expect(summarize.name).toBe("custom.summarize");
    expect(argsOf(summarize).slice(-4)).toEqual(["task-module", "math", "task-name", "summarize"]);
    expect(summarize.nativeInterface.outputNames).toEqual(["count", "names"]);
    expect((math.paint as FunctionTask).nativeInterface.outputNames).toEqual(["o0", "o1"]);
    expect((math.nothing as FunctionTask).nativeInterface.outputNames).toEqual([]);
  });

  test("calling compiled tasks runs them through the literal round trip", async () => {
    const math = await load("math");
    const add = math.add as (a: Int, b?: Int) => Promise<Int>;
    expect(await add(Int(2), Int(3))).toBe(5);
    const scale = math.scale as (p: object, factor?: number) => Promise<object>;
    expect(await scale({ x: Int(1), y: 2 })).toEqual({ x: 1, y: 4 });
    await expect(add(1.5 as Int)).rejects.toThrow('Task math.add: input "a": expected int, got number 1.5');
  });

  test("container tasks and customized container tasks know their module and key", async () => {
    const { square } = await load("containers");
    expect(square).toBeInstanceOf(ContainerTask);
    expect((square as ContainerTask).location).toBe("containers.square");
    const sql = await load("plugins/sql");
    expect(argsOf(sql.count as Task).slice(-2)).toEqual(["{{.taskTemplatePath}}", "plugins.sql:SqlExecutor"]);
  });

  test("@task methods in legacy (experimentalDecorators) mode, compiled by tspc", async () => {
    const legacyOut = join(project, "dist-legacy");
    rmSync(legacyOut, { recursive: true, force: true });
    execFileSync(
      join(packageDir, "..", "..", "node_modules", ".bin", "tspc"),
      ["-p", join(project, "tsconfig.legacy.json")],
      {
        stdio: "pipe",
      },
    );
    const { Etl } = (await import(pathToFileURL(join(legacyOut, "etl.js")).href)) as {
      Etl: new () => object;
    };
    const tasks = methodTasks(Etl);
    expect(tasks.get("extract")?.name).toBe("etl.Etl.extract");
    expect(await tasks.get("extract")?.call(1)).toEqual(["row0"]);
    expect(await tasks.get("load")?.call(["x"])).toBe(1);
  }, 120_000);

  test("@task methods (standard decorators) are registered with their keys", async () => {
    const { Etl } = await load("etl");
    const tasks = methodTasks(Etl as new () => object);
    expect([...tasks.keys()].sort()).toEqual(["extract", "load"]);
    const extract = tasks.get("extract") as FunctionTask;
    expect(extract.name).toBe("etl.Etl.extract");
    expect(argsOf(extract).slice(-4)).toEqual(["task-module", "etl", "task-name", "Etl.extract"]);
    expect(extract.metadata.retries).toBe(1);
    expect(await extract.call(2)).toEqual(["row0", "row1"]);
    expect(await tasks.get("load")?.call(["a", "b", "c"])).toBe(3);
  });

  test("tasks made by factories take the identity of the exported binding (also from another module)", async () => {
    const factories = await load("factories");
    const daily = factories.daily as FunctionTask & ((day: Int) => Promise<string>);
    expect(daily.name).toBe("factories.daily");
    expect(argsOf(daily).slice(-4)).toEqual(["task-module", "factories", "task-name", "daily"]);
    const template = serializeTask(daily, settings).template;
    expect(template?.interface?.inputs?.variables.day?.description).toBe("the day of the month");
    expect(await daily(Int(3))).toBe("daily report for day 3");
    const countByTwo = factories.countByTwo as FunctionTask & ((from: Int) => Promise<Int>);
    expect(countByTwo.name).toBe("factories.countByTwo");
    expect(await countByTwo(Int(5))).toBe(7);
    const reports = await load("reports");
    const weekly = reports.weekly as FunctionTask;
    expect(weekly.name).toBe("reports.weekly");
    expect(argsOf(weekly).slice(-4)).toEqual(["task-module", "reports", "task-name", "weekly"]);
  });

  test("workflows over async tasks: Promise<Int>, structs, Duration, optional values, tuples map as for tasks", async () => {
    const reports = await load("reports");
    const outputs = (name: string) =>
      (reports[name] as { interface: { outputs?: { variables: Record<string, { type?: unknown }> } } })
        .interface.outputs?.variables ?? {};
    const taskOutputs = (name: string) =>
      serializeTask(reports[name] as Task, settings).template?.interface?.outputs?.variables ?? {};
    expect(outputs("addWf").o0?.type).toEqual(taskOutputs("add").o0?.type);
    expect(outputs("windowWf").o0?.type).toEqual(taskOutputs("widen").o0?.type);
    expect(outputs("maybeWf").o0?.type).toEqual(taskOutputs("maybe").o0?.type);
    expect(outputs("pairWf").o0?.type).toEqual(taskOutputs("add").o0?.type);
    expect(outputs("pairWf").o1?.type).toEqual(taskOutputs("pause").o0?.type);
    expect(outputs("reportWf").o0?.type).toEqual(taskOutputs("weekly").o0?.type);
    const addWf = reports.addWf as (a: Int, b: Int) => Promise<Int>;
    expect(await addWf(Int(2), Int(3))).toBe(5);
  });
});
