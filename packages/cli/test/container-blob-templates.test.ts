// A file or folder input in a ContainerTask's command as {{.inputs.x}} is refused before anything
// runs, as flytekit refuses it (its message names the path-like syntax to use instead).
import { ContainerTask, FlyteFile, t } from "@flytekit-ts/core";
import { describe, expect, test } from "vitest";
import { ContainerTaskError, ExecutionFailure, localExecute } from "../src/index.js";

const task = (command: string[]) =>
  new ContainerTask({
    name: "blob.cat",
    image: "busybox:1",
    inputDataDir: "/var/inputs",
    outputDataDir: "/var/outputs",
    inputs: { infile: t.file(), n: t.int },
    outputs: { out: t.string },
    command,
  });

describe("file and folder inputs in a container command", () => {
  test("{{.inputs.infile}} as a whole token: refused with flytekit's message, before any container", async () => {
    const error = await localExecute(task(["cat", "{{.inputs.infile}}"]), {
      infile: new FlyteFile("/etc/hostname"),
      n: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutionFailure);
    const cause = (error as ExecutionFailure).cause;
    expect(cause).toBeInstanceOf(ContainerTaskError);
    expect((cause as ContainerTaskError).reason).toBe("input");
    expect((cause as Error).message).toBe(
      "container task blob.cat: FlyteFile and FlyteDirectory commands should not use the template syntax like this: {{.inputs.infile}}\nPlease use a path-like syntax, such as: /var/inputs/infile.\nThis requirement is due to how Flyte Propeller processes template syntax inputs.",
    );
  });

  test("the path-like syntax and templates of other inputs are not refused by this check", async () => {
    // Without a Docker engine these runs fail later, for another reason than the template.
    for (const command of [
      ["cat", "/var/inputs/infile"],
      ["echo", "{{.inputs.n}}"],
      ["echo", "x{{.inputs.infile}}"],
    ]) {
      const error = await localExecute(task(command), { infile: new FlyteFile("/etc/hostname"), n: 1 }).catch(
        (e: unknown) => e,
      );
      expect(String((error as ExecutionFailure | undefined)?.message ?? "")).not.toMatch(/template syntax/);
    }
  });
});
