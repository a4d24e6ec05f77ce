import { Command } from "commander";
import type { CliLogger } from "../logger.js";
import { collect, withProjectRoot } from "../project-location.js";
import type { RunFlags } from "./run-flags.js";

/** `tsflyte run <module> <key> --<input> value ...`: runs a task locally and prints its outputs as JSON. */
export function runCommand(logger: () => Promise<CliLogger>): Command {
  return withProjectRoot(
    new Command("run")
      .summary("run a task or workflow locally and print its outputs as JSON")
      .description(
        "Runs the task, workflow or launch plan <key> of module <module> on this machine, through the same literal round trip as on a cluster,\nand prints its outputs as JSON on stdout. Inputs: --<input> value for each, or --inputs JSON.\n`tsflyte run <module> <key> --help` lists the task's inputs.",
      )
      .argument(
        "<module>",
        "the task's file (src/workflows/hello.ts) or module (its path below rootDir, dotted: workflows.hello)",
      )
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
    .option(
      "--no-cache",
      "run tasks with cache: true instead of reusing their outputs from the local cache (tsflyte local-cache clear empties it)",
    )
    .option(
      "--remote",
      "run on the cluster of flytectl's config.yaml: register what the task needs (fast: the code as a bundle), start an execution, follow it and print its outputs",
    )
    .option(
      "--wait <bool>",
      "with --remote, follow the execution to its end; --wait=false returns once it is created",
      "true",
    )
    .option(
      "--config <file>",
      "with --remote, flytectl's config.yaml (default: FLYTECTL_CONFIG, ./config.yaml, ~/.flyte/config.yaml)",
    )
    .option(
      "-p, --project <project>",
      "with --remote, the Flyte project (default: the config's, else flytesnacks)",
    )
    .option(
      "-d, --domain <domain>",
      "with --remote, the Flyte domain (default: the config's, else development)",
    )
    .option(
      "--version <version>",
      "with --remote, the version to register (default: a hash of the entities and the code)",
    )
    .option(
      "--copy <files>",
      "with --remote, what the code bundle holds: auto, all, or none for no bundle (default: auto)",
    )
    .option(
      "--destination-dir <dir>",
      "with --remote, where task containers unpack the code: the image's working directory (default: /root)",
    )
    .action(async (module: string, key: string, rest: string[], flags: RunFlags) => {
      // Loaded on use: the other commands never pay for running tasks.
      const { runAction } = await import("./run-action.js");
      await runAction(module, key, rest, flags, await logger());
    });
}
