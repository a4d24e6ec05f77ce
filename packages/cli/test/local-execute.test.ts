import { FlyteRecoverableError, InstanceTask, Int, t, task } from "@flytekit-ts/core";
import { currentContext, localExecutionMode } from "@flytekit-ts/runtime";
import { describe, expect, test } from "vitest";
import { ExecutionFailure, localExecute, sandboxExecute } from "../src/index.js";

const add = task((a: Int, b: Int) => Int(a + b), {
  name: "local.add",
  inputs: { a: t.int, b: t.int },
  outputs: { o0: t.int },
});

class Echo extends InstanceTask {
  execute(inputs: Readonly<Record<string, unknown>>): unknown {
    return `${String(inputs.word)} from ${currentContext().ids.taskName} (${localExecutionMode()})`;
  }
}

describe("localExecute", () => {
  test("native inputs in, native outputs out, through dispatch and literals", async () => {
    expect(await localExecute(add, { a: 2, b: 3 })).toEqual({ o0: 5 });
    expect(
      await sandboxExecute(
        new Echo({ name: "echo", inputs: { word: t.string }, outputs: { o0: t.string } }),
        { word: "hi" },
      ),
    ).toEqual({
      o0: "hi from echo (sandbox)",
    });
  });

  test("failures are classified as on a cluster", async () => {
    const badInput = await localExecute(add, { a: 1.5, b: 1 }).catch((error: unknown) => error);
    // One documented type: an input that does not convert is an ExecutionFailure too.
    expect(badInput).toBeInstanceOf(ExecutionFailure);
    expect(badInput).toMatchObject({ kind: "conversion", code: "SYSTEM" });
    expect((badInput as Error).message).toBe('Task local.add: input "a": expected int, got number 1.5');
    const flaky = task(
      () => {
        throw new FlyteRecoverableError("again");
      },
      { name: "local.flaky", outputs: { o0: t.int } },
    );
    const error = await localExecute(flaky, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionFailure);
    expect((error as ExecutionFailure).kind).toBe("user");
    expect((error as ExecutionFailure).cause).toBeInstanceOf(FlyteRecoverableError);
  });

  test("currentContext outside a task execution is an error; the mode is undefined", () => {
    expect(localExecutionMode()).toBeUndefined();
    expect(() => currentContext()).toThrow("only available while a task runs");
  });
});
