import { ContainerTask, FlyteError, isDynamic, isLaunchPlan, isWorkflow, type Task } from "@flytekit-ts/core";
import { ExecutionFailure, loadProjectExport, readManifest, UsageError } from "@flytekit-ts/runtime/internal";
import { loadConfig } from "../../config/load-config.js";
import { type LocallyRunnable, localExecute } from "../../execution/local-execute.js";
import { projectImages } from "../../images/project-images.js";
import { ensureManifest } from "../../project/ensure-manifest.js";
import { describeManifestStep } from "../../project/extract-manifest.js";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";
import { moduleOfArgument } from "../module-argument.js";
import { outputsToJson } from "../output-json.js";
import { projectLocation } from "../project-location.js";
import { mergeImages, parseEnv } from "../project-options.js";
import { describeTaskInputs, kindOf, readTaskInputs, takeInputsFlag } from "../task-inputs.js";
import type { RunFlags } from "./run-flags.js";

/** A task (or a workflow's node) failed while running: its message, and the exit code 1. */
export class TaskRunError extends FlyteError {
  constructor(
    readonly taskName: string,
    override readonly cause: ExecutionFailure,
    readonly kind = "task",
  ) {
    const where =
      cause.kind === "user"
        ? ""
        : cause.kind === "conversion"
          ? " converting its inputs or outputs"
          : " (system)";
    super(cause.code, `${kind} ${taskName} failed${where}: ${cause.message}`, { cause });
  }
}

/** What `tsflyte run` does: loads the task, reads its inputs, runs it and prints its outputs. */
export async function runAction(
  module: string,
  key: string,
  rest: string[],
  flags: RunFlags,
  log: CliLogger,
): Promise<void> {
  for (const [what, value] of [
    ["<module>", module],
    ["<key>", key],
  ] as const) {
    if (value.startsWith("-")) {
      throw new UsageError(
        `expected ${what}, got ${value}: options of run go before <module> <key>, task inputs after`,
      );
    }
  }
  const loaded = await loadConfig();
  const { projectRoot: root, tsconfig } = projectLocation(flags, loaded);
  const manifest = await ensureManifest(root, { tsconfig, extract: flags.extract !== false });
  if (manifest.stale !== undefined) log.console.info(describeManifestStep(manifest, displayPath));
  const moduleName = moduleOfArgument(module, root, await readManifest(root));
  const task = (await loadProjectExport(moduleName, key, "runnables", root)) as LocallyRunnable;
  const isGraph = isWorkflow(task) || isLaunchPlan(task);
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${describeTaskInputs(task)}\n`);
    return;
  }
  const { json, args } = takeInputsFlag(task, rest, flags.inputs);
  const inputs = readTaskInputs(task, args, json);
  if (flags.remote === true) {
    const { runRemoteAction } = await import("./run-remote-action.js");
    await runRemoteAction(moduleName, task, inputs, flags, log);
    return;
  }
  log.console.debug(`running ${kindOf(task)} ${task.name}`);
  const cacheOptions = {
    ...(flags.cache === false ? { cache: false as const } : {}),
    onCacheHit: (name: string) =>
      log.console.info(`${name}: outputs from the local cache (--no-cache runs it again)`),
    onDeck: (name: string, path: string) => log.console.info(`${name}: deck at ${path}`),
  };
  const containerOptions = {
    ...(flags.network === undefined ? {} : { network: flags.network }),
    ...(flags.logs === undefined ? {} : { logs: flags.logs }),
  };
  const images = mergeImages(loaded.config.images ?? {}, flags.image ?? []);
  let outputs: Record<string, unknown>;
  try {
    if (isGraph) {
      if (flags.container) {
        throw new UsageError(
          `--container runs one task in its image; ${kindOf(task)} ${task.name} runs its container tasks in Docker already`,
        );
      }
      outputs = await localExecute(task, inputs, {
        ...cacheOptions,
        container: { ...containerOptions, images: projectImages(images) },
      });
    } else if (flags.container && isDynamic(task)) {
      throw new UsageError(
        `--container runs one task in its image; dynamic task ${task.name} builds a graph when it runs: run it without --container (the graph runs in process) or with --remote`,
      );
    } else if (flags.container || task instanceof ContainerTask) {
      const { runTaskInContainer } = await import("../../containers/run-task-in-container.js");
      const containerEnv = { ...loaded.config.env, ...parseEnv(flags.env ?? []) };
      outputs = await runTaskInContainer(task as Task, inputs, {
        ...containerOptions,
        images,
        containerEnv,
      });
    } else {
      outputs = await localExecute(task, inputs, cacheOptions);
    }
  } catch (error) {
    if (error instanceof ExecutionFailure) throw new TaskRunError(task.name, error, kindOf(task));
    throw error;
  }
  process.stdout.write(`${outputsToJson(outputs)}\n`);
}
