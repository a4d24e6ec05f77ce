import { describe, expect, test } from "vitest";
import {
  FlyteMissingBuildStepError,
  FunctionTask,
  Int,
  isFlyteError,
  methodTasks,
  SerializationSettings,
  serializeTask,
  t,
  task,
} from "../src/index.js";
import { registerTaskMeta, type TaskMeta } from "../src/internal.js";

const settings = SerializationSettings.forImage("ghcr.io/org/img:v1", "v1", "p", "d");

/** What the transformer passes for `export const add = task((a: Int, b: Int): Int => ...)` in src/math.ts. */
const addMeta: TaskMeta = {
  module: "math",
  key: "add",
  sourceFile: "src/math.ts",
  line: 3,
  signature: {
    params: [
      { name: "a", type: t.int, description: "left" },
      { name: "b", type: t.int, default: 10 },
    ],
    returns: { kind: "single", type: t.int },
  },
};

describe("task(fn, options, meta)", () => {
  const add = task((a: Int, b: Int) => Int(a + b), { retries: 2 }, addMeta);

  test("is a FunctionTask named by its location, with the transformer's interface", () => {
    expect(add).toBeInstanceOf(FunctionTask);
    expect(add.name).toBe("math.add");
    expect(add.nativeInterface.inputNames).toEqual(["a", "b"]);
    expect(add.nativeInterface.defaultInputs).toEqual({ b: 10 });
    expect(add.metadata.retries).toBe(2);
    const template = serializeTask(add, settings).template;
    expect(template?.type).toBe("typescript-task");
    expect(template?.interface?.inputs?.variables.a?.description).toBe("left");
    expect(template?.target.case === "container" && template.target.value.args.slice(-4)).toEqual([
      "task-module",
      "math",
      "task-name",
      "add",
    ]);
  });

  test("calling it runs through the literal round trip, with defaults", async () => {
    expect(await add(Int(1), Int(2))).toBe(3);
    expect(await (add as unknown as (a: number) => Promise<number>)(5)).toBe(15);
  });

  test("calling it with a wrong type fails as it would on a cluster", async () => {
    const error = await (add as unknown as (a: unknown, b: unknown) => Promise<unknown>)(true, 2).catch(
      (e: unknown) => e as Error,
    );
    expect(isFlyteError(error, "TYPE_MISMATCH")).toBe(true);
    expect((error as Error).message).toBe('Task math.add: input "a": expected int, got boolean true');
  });

  test("a wrong return value is an output error", async () => {
    const bad = task(
      () => "nope" as unknown as number,
      {},
      { ...addMeta, key: "bad", signature: { params: [], returns: { kind: "single", type: t.int } } },
    );
    await expect(bad()).rejects.toThrow('Task math.bad: output "o0": expected int, got string "nope"');
  });

  test("tuples and named outputs", async () => {
    const split = task(
      (s: string) => [s.length, s.toUpperCase()] as [number, string],
      {},
      {
        module: "m",
        key: "split",
        signature: {
          params: [{ name: "s", type: t.string }],
          returns: { kind: "tuple", types: [t.int, t.string] },
        },
      },
    );
    expect(await split("ab")).toEqual([2, "AB"]);
    expect(split.nativeInterface.outputNames).toEqual(["o0", "o1"]);
  });
});

describe("task() without the transformer", () => {
  test("explicit name, inputs and outputs work", async () => {
    const greet = task((who: string) => `hello ${who}`, {
      name: "greetings.greet",
      inputs: { who: t.string },
      outputs: { o0: t.string },
    });
    expect(await greet("flyte")).toBe("hello flyte");
    expect(
      serializeTask(greet.track({ module: "greetings", key: "greet" }), settings).template?.id?.name,
    ).toBe("greetings.greet");
  });

  test("nothing explicit: importing works, serializing and calling fail naming the build step", async () => {
    const lost = task(function lostTask(x: number) {
      return x;
    });
    expect(lost).toBeInstanceOf(FunctionTask);
    expect(() => serializeTask(lost, settings)).toThrow(FlyteMissingBuildStepError);
    expect(() => lost.nativeInterface).toThrow(
      /Task lostTask has no interface: TypeScript erased .*@flytekit-ts\/transformer\/tsc.*or pass `name`, `inputs` and `outputs` to task\(\)/,
    );
    await expect(lost(1)).rejects.toThrow(FlyteMissingBuildStepError);
  });

  test("bad first argument", () => {
    expect(() => task(42 as never)).toThrow("task() takes a function or options, got number");
  });
});

describe("@task on methods (both decorator call shapes)", () => {
  test("standard (TC39) shape: options in the class's decorator metadata", async () => {
    const metadata: Record<symbol, unknown> = {};
    class Etl {
      static double(x: number) {
        return x * 2;
      }
      triple(x: number) {
        return x * 3;
      }
    }
    Object.defineProperty(Etl, Symbol.metadata, { value: metadata });
    const decorate = task({ retries: 1 });
    decorate(Etl.double, {
      kind: "method",
      name: "double",
      static: true,
      private: false,
      metadata,
    } as unknown as ClassMethodDecoratorContext);
    task(Etl.prototype.triple, {
      kind: "method",
      name: "triple",
      static: false,
      private: false,
      metadata,
    } as unknown as ClassMethodDecoratorContext);
    const signature = {
      params: [{ name: "x", type: t.float }],
      returns: { kind: "single", type: t.float },
    } as const;
    registerTaskMeta(Etl, "double", { module: "etl", key: "Etl.double", signature });
    registerTaskMeta(Etl, "triple", { module: "etl", key: "Etl.triple", signature });
    const tasks = methodTasks(Etl);
    expect([...tasks.keys()].sort()).toEqual(["double", "triple"]);
    expect(tasks.get("double")?.name).toBe("etl.Etl.double");
    expect(tasks.get("double")?.metadata.retries).toBe(1);
    expect(await tasks.get("double")?.call(2)).toBe(4);
    expect(await tasks.get("triple")?.call(2)).toBe(6);
  });

  test("legacy shape: (prototype or class, key, descriptor)", async () => {
    class Legacy {
      static ping(s: string) {
        return `${s}!`;
      }
      describe() {
        return "a class with a static task";
      }
    }
    task(Legacy, "ping", Object.getOwnPropertyDescriptor(Legacy, "ping"));
    registerTaskMeta(Legacy, "ping", {
      module: "legacy",
      key: "Legacy.ping",
      signature: { params: [{ name: "s", type: t.string }], returns: { kind: "single", type: t.string } },
    });
    expect(await methodTasks(Legacy).get("ping")?.call("hi")).toBe("hi!");
  });

  test("decorating something that is not a method", () => {
    expect(() =>
      task(() => 1, {
        kind: "field",
        name: "x",
        static: false,
        private: false,
        metadata: {},
      } as unknown as ClassMethodDecoratorContext),
    ).toThrow("@task decorates methods, not a field");
  });
});
