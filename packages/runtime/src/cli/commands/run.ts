import type { Task } from "@flytekit-ts/core";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { UsageError } from "../../entrypoint/args.js";
import { ExecutionFailure } from "../../errors/execution-failure.js";
import { localExecute } from "../../execution/local-execute.js";
import { ensureManifest } from "../../project/ensure-manifest.js";
import { loadProjectExport } from "../../resolvers/load-export.js";
import type { CliLogger } from "../logger.js";
import { outputsToJson } from "../output-json.js";
import { type ProjectFlags, projectLocation, withProjectRoot } from "../project-options.js";
import { describeTaskInputs, readTaskInputs, takeInputsFlag } from "../task-inputs.js";

interface RunFlags extends Pick<ProjectFlags, "projectRoot" | "tsconfig"> {
  inputs?: string;
}

/** A task failed while running: its message, and the exit code 1. */
export class TaskRunError extends Error {
  constructor(
    readonly taskName: string,
    override readonly cause: ExecutionFailure,
  ) {
    const where =
      cause.kind === "user"
        ? ""
        : cause.kind === "conversion"
          ? " converting its inputs or outputs"
          : " (system)";
    super(`task ${taskName} failed${where}: ${cause.message}`, { cause });
    this.name = "TaskRunError";
  }
}

/** `tsflyte run <module> <key> --<input> value ...`: runs a task locally and prints its outputs as JSON. */
export function runCommand(logger: () => CliLogger): Command {
  return withProjectRoot(
    new Command("run")
      .summary("run a task locally and print its outputs as JSON")
      .description(
        "Runs the task <key> of module <module> on this machine, through the same literal round trip as on a cluster,\nand prints its outputs as JSON on stdout. Inputs: --<input> value for each, or --inputs JSON.\n`tsflyte run <module> <key> --help` lists the task's inputs.",
      )
      .argument("<module>", "the task's module (its source file below rootDir, dotted: workflows.hello)")
      .argument("<key>", "the task's exported name (Class.method for @task methods)")
      .argument("[inputs...]", "the task's inputs: --<input> value ...")
      .passThroughOptions()
      .helpOption("-h, --help", "show this help, or the task's inputs when given after <module> <key>"),
  )
    .option("--inputs <json>", "all inputs as one JSON object (--<input> flags win)")
    .action(async (module: string, key: string, rest: string[], flags: RunFlags) => {
      const log = logger();
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
      const { projectRoot: root, tsconfig } = projectLocation(flags, await loadConfig());
      await ensureManifest(root, tsconfig);
      const task = (await loadProjectExport(module, key, "tasks", root)) as Task;
      if (rest.includes("--help") || rest.includes("-h")) {
        process.stdout.write(`${describeTaskInputs(task)}\n`);
        return;
      }
      const { json, args } = takeInputsFlag(task, rest, flags.inputs);
      const inputs = readTaskInputs(task, args, json);
      log.console.debug(`running ${task.name}`);
      let outputs: Record<string, unknown>;
      try {
        outputs = await localExecute(task, inputs);
      } catch (error) {
        if (error instanceof ExecutionFailure) throw new TaskRunError(task.name, error);
        throw error;
      }
      process.stdout.write(`${outputsToJson(outputs)}\n`);
    });
}
