import { fromLiteralMap, isLaunchPlan, isWorkflow, toLiteralMap } from "@flytekit-ts/core";
import { UsageError } from "@flytekit-ts/runtime/internal";
import type { LocallyRunnable } from "../../execution/local-execute.js";
import type { CliLogger } from "../logger.js";
import { outputsToJson } from "../output-json.js";
import { interfaceOf } from "../task-inputs.js";
import { registerProjectWith } from "./register.js";
import type { RunFlags } from "./run-flags.js";

/**
 * `tsflyte run --remote`: registers the module of the task (fast by default), starts an execution
 * of the task (a workflow through its default launch plan, a launch plan as it is), prints the
 * console URL, follows its phase (a progress line on a terminal) and prints its outputs.
 */
export async function runRemoteAction(
  moduleName: string,
  task: LocallyRunnable,
  inputs: Record<string, unknown>,
  flags: RunFlags,
  log: CliLogger,
): Promise<void> {
  const wait = flags.wait === undefined || !["false", "0", "no"].includes(flags.wait.toLowerCase());
  const types = interfaceOf(task);
  const literals = toLiteralMap(types.inputs, inputs, { task: task.name });
  const { remote, registration, project, domain } = await registerProjectWith(
    {
      ...flags,
      ...(flags.copy === undefined ? {} : { copy: flags.copy }),
    },
    log,
    [moduleName],
  );
  const registered = registration.entities.find(
    (entity) =>
      entity.name === task.name &&
      (isWorkflow(task) || isLaunchPlan(task) ? entity.kind === "launchPlan" : entity.kind === "task"),
  );
  if (registered === undefined)
    throw new UsageError(`${task.name} was not among the registered entities of module ${moduleName}`);
  log.console.info(
    `Registered ${registration.entities.length} flyte objects, version ${registration.version}${registration.bundleLocation === undefined ? "" : ` (code at ${registration.bundleLocation})`}`,
  );
  const { runRemote } = await import("../../remote/run-remote.js");
  const tty = process.stderr.isTTY === true;
  const run = await runRemote(
    remote,
    {
      kind: registered.kind === "task" ? "task" : "launchPlan",
      name: task.name,
      project,
      domain,
      version: registration.version,
    },
    literals,
    {
      wait,
      onCreated: (name, url) => log.console.info(`Execution ${name}: ${url}`),
      progress: (phase, seconds) => {
        if (tty) process.stderr.write(`\r${task.name}: ${phase} (${seconds}s)\u001b[K`);
        else log.console.debug(`${task.name}: ${phase} (${seconds}s)`);
      },
    },
  ).finally(() => {
    if (tty) process.stderr.write("\n");
  });
  if (!wait) {
    process.stdout.write(`${JSON.stringify({ execution: run.name, url: run.url })}\n`);
    return;
  }
  const outputs =
    run.outputs === undefined
      ? {}
      : fromLiteralMap(types.outputs, run.outputs, { task: task.name, side: "output" });
  process.stdout.write(`${outputsToJson(await outputs)}\n`);
}
