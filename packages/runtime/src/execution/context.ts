import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Decks } from "../decks/deck.js";
import { createTemporaryFolder } from "../process/temporary-folder.js";
import { SecretsAccessor } from "../secrets/secrets-accessor.js";
import { Checkpoint } from "./checkpoint.js";

/** Identity of the execution and the task, from the environment propeller sets (long or short names). */
export interface ExecutionIds {
  project: string;
  domain: string;
  name: string;
  workflow: string;
  launchPlan: string;
  taskProject: string;
  taskDomain: string;
  taskName: string;
  taskVersion: string;
}

/** What a running task can see of its execution. */
export interface ExecutionContext {
  /** `cluster` inside `tsflyte-execute`, else how `localExecute` runs it (flytekit's execution mode). */
  readonly mode: "cluster" | "local" | "sandbox";
  readonly ids: ExecutionIds;
  /** A scratch directory for this execution. */
  readonly workingDirectory: string;
  /** Where large outputs (files, directories) go. */
  readonly rawOutputPrefix: string | undefined;
  readonly checkpointPath: string | undefined;
  readonly previousCheckpoint: string | undefined;
  /** The task's checkpoints (flytekit's `current_context().checkpoint`): restore, read, save, write. */
  readonly checkpoint: Checkpoint;
  /** The task's decks (flytekit's `Deck` and `default_deck`): HTML panes written as `deck.html`. */
  readonly decks: Decks;
  readonly secrets: SecretsAccessor;
  /** Writes a log line to stderr (secrets redacted). */
  log(message: string): void;
}

const pick = (env: NodeJS.ProcessEnv, long: string, short: string) => env[long] ?? env[short] ?? "";

/** The ids from `FLYTE_INTERNAL_*` or their short forms (`_F_PRJ`, ...), as pyflyte-execute reads them. */
export function executionIdsFromEnv(env: NodeJS.ProcessEnv = process.env): ExecutionIds {
  return {
    project: pick(env, "FLYTE_INTERNAL_EXECUTION_PROJECT", "_F_PRJ"),
    domain: pick(env, "FLYTE_INTERNAL_EXECUTION_DOMAIN", "_F_DM"),
    name: pick(env, "FLYTE_INTERNAL_EXECUTION_ID", "_F_NM"),
    workflow: pick(env, "FLYTE_INTERNAL_EXECUTION_WORKFLOW", "_F_WF"),
    launchPlan: pick(env, "FLYTE_INTERNAL_EXECUTION_LAUNCHPLAN", "_F_LP"),
    taskProject: pick(env, "FLYTE_INTERNAL_TASK_PROJECT", "_F_TK_PRJ"),
    taskDomain: pick(env, "FLYTE_INTERNAL_TASK_DOMAIN", "_F_TK_DM"),
    taskName: pick(env, "FLYTE_INTERNAL_TASK_NAME", "_F_TK_NM"),
    taskVersion: pick(env, "FLYTE_INTERNAL_TASK_VERSION", "_F_TK_V"),
  };
}

/**
 * A context with a fresh working directory and a logger that writes to stderr with secrets
 * redacted. Release it with {@link disposeExecutionContext}.
 */
export async function createExecutionContext(
  init: Omit<ExecutionContext, "workingDirectory" | "log" | "rawOutputPrefix" | "checkpoint" | "decks"> & {
    readonly rawOutputPrefix?: string | undefined;
  },
): Promise<ExecutionContext> {
  // Removed on SIGINT/SIGTERM/SIGHUP too: an interrupted local run leaves no folder behind.
  const { path: workingDirectory, remove } = await createTemporaryFolder(`flyte-${init.mode}-`);
  removals.set(workingDirectory, remove);
  return {
    ...init,
    workingDirectory,
    // Local runs have no prefix from propeller: raw outputs go under the working directory.
    rawOutputPrefix:
      init.mode === "cluster"
        ? init.rawOutputPrefix
        : (init.rawOutputPrefix ?? join(workingDirectory, "raw")),
    // Locally the checkpoint is a folder of the run; on a cluster, propeller's prefixes.
    checkpoint: new Checkpoint(
      init.checkpointPath ?? join(workingDirectory, "checkpoint"),
      init.previousCheckpoint,
      workingDirectory,
    ),
    decks: new Decks(),
    log: (message) => process.stderr.write(`${init.secrets.redact(message)}\n`),
  };
}

/**
 * The context of a local run (ids `local`, secrets from `env`): what `localExecute` and a direct
 * call of a task give it. Release it with {@link disposeExecutionContext}.
 */
export function createLocalContext(
  taskName: string,
  options: { readonly mode?: "local" | "sandbox"; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<ExecutionContext> {
  return createExecutionContext({
    mode: options.mode ?? "local",
    ids: {
      project: "local",
      domain: "local",
      name: "local",
      workflow: "",
      launchPlan: "",
      taskProject: "local",
      taskDomain: "local",
      taskName,
      taskVersion: "local",
    },
    checkpointPath: undefined,
    previousCheckpoint: undefined,
    secrets: new SecretsAccessor(options.env ?? process.env),
  });
}

/** Removes the context's working directory. */
export async function disposeExecutionContext(context: ExecutionContext): Promise<void> {
  const remove = removals.get(context.workingDirectory);
  removals.delete(context.workingDirectory);
  await (remove?.() ?? rm(context.workingDirectory, { recursive: true, force: true }));
}

/** The pending removal of each live context's working directory. */
const removals = new Map<string, () => Promise<void>>();
