// One execution path: a task called directly, as a node of a workflow run in process, by
// localExecute, or by tsflyte-execute sees the same execution context and the same hooks.

import { localExecute } from "@flytekit-ts/cli";
import { createNode, InstanceTask, type Int, t, task, workflow } from "@flytekit-ts/core";
import { currentContext, localExecutionMode } from "@flytekit-ts/runtime";
import { describe, expect, test } from "vitest";

/** What a task saw of its execution. */
const seen = () => {
  const context = currentContext();
  return `${context.ids.taskName}/${localExecutionMode()}/${context.workingDirectory !== ""}`;
};

const whoami = task((): string => seen(), { name: "path.whoami", outputs: { o0: t.string } });

const outer = task(async (): Promise<string> => `${seen()} then ${await whoami()}`, {
  name: "path.outer",
  outputs: { o0: t.string },
});

/** A plugin-style task: its hooks wrap the call, whoever runs it. */
class Hooked extends InstanceTask {
  readonly calls: string[] = [];
  override preExecute<C>(context: C): C {
    this.calls.push(`pre:${(context as { ids: { taskName: string } }).ids.taskName}`);
    return context;
  }
  execute(inputs: Readonly<Record<string, unknown>>): unknown {
    this.calls.push(`run:${seen()}`);
    return (inputs.x as number) * 2;
  }
  override postExecute<C>(_context: C, outputs: unknown): unknown {
    this.calls.push("post");
    return (outputs as number) + 1;
  }
}

describe("one execution path", () => {
  test("a direct call runs with a local execution context, as localExecute does", async () => {
    expect(await whoami()).toBe("path.whoami/local/true");
    expect(await localExecute(whoami, {})).toEqual({ o0: "path.whoami/local/true" });
  });

  test("a task calling another runs it in its own execution", async () => {
    expect(await outer()).toBe("path.outer/local/true then path.outer/local/true");
  });

  test("a workflow run in process gives every node the context and the hooks, as localExecute does", async () => {
    const hooked = new Hooked({ name: "path.hooked", inputs: { x: t.int }, outputs: { o0: t.int } });
    const flow = workflow(
      // One output: the node stands for it.
      (x: Int) => createNode(hooked, { x }) as unknown as Int,
      {},
      {
        module: "path",
        key: "flow",
        signature: { params: [{ name: "x", type: t.int }], returns: { kind: "single", type: t.int } },
      },
    );
    expect(await flow(20 as Int)).toBe(41);
    expect(hooked.calls).toEqual(["pre:path.hooked", "run:path.hooked/local/true", "post"]);
    hooked.calls.length = 0;
    expect(await localExecute(flow, { x: 20 })).toEqual({ o0: 41 });
    expect(hooked.calls).toEqual(["pre:path.hooked", "run:path.hooked/local/true", "post"]);
  });
});
