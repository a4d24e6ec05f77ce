// Standard decorators under vitest (transformed by the flytekit-ts Vite plugin); legacy decorators
// compiled by tspc with tsconfig.legacy.json. Both must give the same tasks.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ExecutionFailure, localExecute } from "@flytekit-ts/cli";
import { type FunctionTask, Int, methodTasks, SerializationSettings, serializeTask } from "@flytekit-ts/core";
import { beforeAll, describe, expect, test } from "vitest";
import { Inventory } from "../src/inventory.js";

const example = fileURLToPath(new URL("..", import.meta.url));
const settings = SerializationSettings.forImage("ghcr.io/flytekit-ts/decorators:0.1.0", "v1");
const tasks = methodTasks(Inventory);
const parse = tasks.get("parse") as FunctionTask;
const reorder = tasks.get("reorder") as FunctionTask;

describe("standard decorators", () => {
  test("each @task method is a task named after its module, class and method", () => {
    expect([...tasks.keys()].sort()).toEqual(["parse", "reorder"]);
    expect(parse.name).toBe("inventory.Inventory.parse");
    const args = serializeTask(parse, settings).template?.target;
    expect(args?.case === "container" && args.value.args.slice(-4)).toEqual([
      "task-module",
      "inventory",
      "task-name",
      "Inventory.parse",
    ]);
    expect(parse.metadata.retries).toBe(2);
    expect(reorder.metadata.cache).toBe(true);
  });

  test("signatures, defaults and JSDoc come from the transformer", () => {
    const inputs = serializeTask(reorder, settings).template?.interface?.inputs?.variables ?? {};
    expect(Object.keys(inputs)).toEqual(["stock", "threshold"]);
    expect(inputs.threshold?.description).toBe("the level below which an item is reordered");
    expect(reorder.nativeInterface.inputs.get("stock")).toEqual({ kind: "map", of: { kind: "int" } });
  });

  test("a static method runs on the class, an instance method on a new instance", async () => {
    const stock = await parse.call(["apples: 3", "pears: 12", "plums: 0"]);
    expect(stock).toEqual({ apples: 3, pears: 12, plums: 0 });
    expect(await reorder.call(stock)).toEqual(["acme: 2 x apples", "acme: 5 x plums"]);
    expect(await localExecute(reorder, { stock, threshold: 13 })).toEqual({
      o0: ["acme: 1 x pears", "acme: 10 x apples", "acme: 13 x plums"],
    });
  });

  test("the methods are still plain methods", () => {
    expect(Inventory.parse(["a: 1"])).toEqual({ a: 1 });
    expect(new Inventory().reorder({ a: Int(1) }, Int(2))).toEqual(["acme: 1 x a"]);
  });

  test("a task that throws fails with the task's name; a bad input names the input", async () => {
    const error = await localExecute(parse, { lines: ["nonsense"] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExecutionFailure);
    expect(String((error as ExecutionFailure).cause)).toContain('not a "name: quantity" line');
    await expect(reorder.call({ a: 1.5 as Int })).rejects.toThrow(/inventory\.Inventory\.reorder.*stock/);
  });
});

describe("legacy decorators (experimentalDecorators), compiled by tspc", () => {
  let legacy: ReadonlyMap<string, FunctionTask>;
  beforeAll(async () => {
    const tspc = join(example, "..", "..", "node_modules", ".bin", "tspc");
    execFileSync(tspc, ["-p", join(example, "tsconfig.legacy.json")], { stdio: "pipe" });
    const module = (await import(pathToFileURL(join(example, "dist-legacy", "inventory.js")).href)) as {
      Inventory: typeof Inventory;
    };
    legacy = methodTasks(module.Inventory);
  }, 120_000);

  test("serialize exactly as the standard build does", () => {
    for (const name of ["parse", "reorder"]) {
      const mine = legacy.get(name) as FunctionTask;
      expect(serializeTask(mine, settings)).toEqual(serializeTask(tasks.get(name) as FunctionTask, settings));
    }
  });

  test("and run", async () => {
    expect(await legacy.get("parse")?.call(["kiwis: 4"])).toEqual({ kiwis: 4 });
    expect(await legacy.get("reorder")?.call({ kiwis: 4 })).toEqual(["acme: 1 x kiwis"]);
  });
});
