import { ContainerTask, ImageConfig, isLaunchPlan, isWorkflow, type Task } from "@flytekit-ts/core";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { UsageError } from "../../entrypoint/args.js";
import { ExecutionFailure } from "../../errors/execution-failure.js";
import type { LocallyRunnable } from "../../execution/local-execute.js";
import { ensureManifest } from "../../project/ensure-manifest.js";
import { loadProjectExport } from "../../resolvers/load-export.js";
import type { CliLogger } from "../logger.js";
import { outputsToJson } from "../output-json.js";
import {
  collect,
  mergeImages,
  type ProjectFlags,
  parseEnv,
  projectLocation,
  withProjectRoot,
} from "../project-options.js";
import { describeTaskInputs, kindOf, readTaskInputs, takeInputsFlag } from "../task-inputs.js";

interface RunFlags extends Pick<ProjectFlags, "projectRoot" | "tsconfig" | "image" | "env"> {
  inputs?: string;
  container?: boolean;
  network?: string;
  logs?: boolean;
}

/** A task (or a workflow's node) failed while running: its message, and the exit code 1. */
export class TaskRunError extends Error {
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
    super(`${kind} ${taskName} failed${where}: ${cause.message}`, { cause });
    this.name = "TaskRunError";
  }
}

/** `tsflyte run <module> <key> --<input> value ...`: runs a task locally and prints its outputs as JSON. */
export function runCommand(logger: () => Promise<CliLogger>): Command {
  return withProjectRoot(
    new Command("run")
      .summary("run a task or workflow locally and print its outputs as JSON")
      .description(
        "Runs the task, workflow or launch plan <key> of module <module> on this machine, through the same literal round trip as on a cluster,\nand prints its outputs as JSON on stdout. Inputs: --<input> value for each, or --inputs JSON.\n`tsflyte run <module> <key> --help` lists the task's inputs.",
      )
      .argument("<module>", "the task's module (its source file below rootDir, dotted: workflows.hello)")
      .argument("<key>", "the task's exported name (Class.method for @task methods)")
      .argument("[inputs...]", "the task's inputs: --<input> value ...")
      .passThroughOptions()
      .helpOption("-h, --help", "show this help, or the task's inputs when given after <module> <key>"),
  )
    .option("--inputs <json>", "all inputs as one JSON object (--<input> flags win)")
    .option(
      "--container",
      "run in the local Docker engine as on a cluster: the task's template with tsflyte-execute in its image (container tasks always run in Docker)",
    )
    .option(
      "-i, --image <name=ref>",
      "an image for the task's template: name=ref, or a bare ref for the default image (repeatable)",
      collect,
    )
    .option("--env <KEY=VALUE>", "an environment variable of the task's container (repeatable)", collect)
    .option(
      "--network <name>",
      "the Docker network of the container; none for no network (default: the engine's default)",
    )
    .option("--logs", "stream the container's output to stderr")
    .action(async (module: string, key: string, rest: string[], flags: RunFlags) => {
      const log = await logger();
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
      await ensureManifest(root, tsconfig);
      const task = (await loadProjectExport(module, key, "runnables", root)) as LocallyRunnable;
      const isGraph = isWorkflow(task) || isLaunchPlan(task);
      if (rest.includes("--help") || rest.includes("-h")) {
        process.stdout.write(`${describeTaskInputs(task)}\n`);
        return;
      }
      const { json, args } = takeInputsFlag(task, rest, flags.inputs);
      const inputs = readTaskInputs(task, args, json);
      log.console.debug(`running ${kindOf(task)} ${task.name}`);
      const containerOptions = {
        ...(flags.network === undefined ? {} : { network: flags.network }),
        ...(flags.logs === undefined ? {} : { logs: flags.logs }),
      };
      const images = mergeImages(loaded.config.images ?? {}, flags.image ?? []);
      // Loaded here, not with the command: the other commands never pay for local execution.
      const { localExecute } = await import("../../execution/local-execute.js");
      let outputs: Record<string, unknown>;
      try {
        if (isGraph) {
          if (flags.container) {
            throw new UsageError(
              `--container runs one task in its image; ${kindOf(task)} ${task.name} runs its container tasks in Docker already`,
            );
          }
          outputs = await localExecute(task, inputs, {
            container: { ...containerOptions, images: ImageConfig.validateImage(images) },
          });
        } else if (flags.container || task instanceof ContainerTask) {
          const { runTaskInContainer } = await import("../../containers/run-task-in-container.js");
          const containerEnv = { ...loaded.config.env, ...parseEnv(flags.env ?? []) };
          outputs = await runTaskInContainer(task as Task, inputs, {
            ...containerOptions,
            images,
            containerEnv,
          });
        } else {
          outputs = await localExecute(task, inputs);
        }
      } catch (error) {
        if (error instanceof ExecutionFailure) throw new TaskRunError(task.name, error, kindOf(task));
        throw error;
      }
      process.stdout.write(`${outputsToJson(outputs)}\n`);
    });
}
