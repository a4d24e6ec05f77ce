import { randomBytes } from "node:crypto";
import { type ContainerTask, type ImageConfig, ImageSpec, type LiteralMap } from "@flytekit-ts/core";
import { resolveImage } from "@flytekit-ts/core/internal";
import { redactSecrets } from "@flytekit-ts/runtime/internal";
import { RUN_LABEL, runContainer } from "../docker/run-container.js";
import { ContainerTaskError, failUnlessSucceeded } from "./container-task-error.js";
import { CopilotInputError, writeCopilotInputs } from "./copilot-inputs.js";
import { ContainerReportedError, CopilotOutputError, readCopilotOutputs } from "./copilot-outputs.js";
import { perRetryUniqueKey, renderPlaceholders } from "./placeholders.js";
import {
  createRunFolder,
  executionEnv,
  keptFolder,
  resourceLimits,
  secretMounts,
} from "./pod-environment.js";

/** The copilot's folders when a task names none. */
export const DEFAULT_INPUT_DIR = "/var/flyte/inputs";
export const DEFAULT_OUTPUT_DIR = "/var/flyte/outputs";
/** Where a local run mounts its raw output folder in the container. */
export const RAW_OUTPUT_DIR = "/var/flyte/raw";

/** Options of a local container run. */
export interface ContainerRunOptions {
  /**
   * The container's output lines: `true` writes them to stderr as `[Local Container] <line>`, a
   * function receives each line. @default the task's `localLogs`
   */
  logs?: boolean | ((line: string) => void);
  /** The Docker network; `"none"` runs without a network. @default the engine's default network */
  network?: string;
  /** Where the task's secrets are read from on this machine. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where file and folder outputs are kept after the run. @default a new folder under the system's temporary folder */
  rawOutputDir?: string;
  /** The image to run instead of the task's. @default the task's image */
  image?: string;
  /** Resolves image placeholders (`{{.image.default.fqn}}`) and ImageSpecs. @default none */
  images?: ImageConfig;
  /** Aborting kills and removes the container. @default none */
  signal?: AbortSignal;
}

/** The reference a local run uses for `image`. */
export function localImage(
  image: string | ImageSpec,
  images: ImageConfig | undefined,
  taskName: string,
): string {
  if (image instanceof ImageSpec)
    return images === undefined ? image.imageName() : resolveImage(image, images);
  if (!image.includes("{{")) return image;
  if (images === undefined) {
    throw new ContainerTaskError(
      taskName,
      "input",
      `image ${image} has placeholders: pass images (tsflyte: -i name=ref or the flyte config)`,
    );
  }
  return resolveImage(image, images);
}

const printLine = (line: string) => process.stderr.write(`[Local Container] ${line}\n`);

/** Where a container's log lines go, secrets redacted: a function of the caller's, stderr, or nowhere. */
export function logSink(
  logs: ContainerRunOptions["logs"],
  fallback: boolean,
): ((line: string) => void) | undefined {
  const value = logs ?? fallback;
  const sink = typeof value === "function" ? value : value ? printLine : undefined;
  return sink === undefined ? undefined : (line) => sink(redactSecrets(line));
}

/**
 * A file or folder input used as a whole-token `{{.inputs.<name>}}` in the command is refused
 * before anything runs, with flytekit's message: propeller would render it as the object's URI,
 * which the container cannot read; the input is at `<input folder>/<name>`.
 */
function refuseBlobTemplates(task: ContainerTask, tokens: readonly string[], inputDir: string): void {
  for (const token of tokens) {
    const key = /^\{\{\s*\.inputs\.(.*?)\s*\}\}$/.exec(token)?.[1];
    const kind = key === undefined ? undefined : task.nativeInterface.inputs.get(key)?.kind;
    if (kind === "file" || kind === "directory") {
      throw new ContainerTaskError(
        task.name,
        "input",
        `FlyteFile and FlyteDirectory commands should not use the template syntax like this: {{.inputs.${key}}}\nPlease use a path-like syntax, such as: ${inputDir}/${key}.\nThis requirement is due to how Flyte Propeller processes template syntax inputs.`,
      );
    }
  }
}

/**
 * Runs a `ContainerTask` in the local Docker engine as Flyte runs it on a cluster: the command and
 * args rendered by propeller's rules, inputs written by copilot's rules into the input folder,
 * outputs read by copilot's rules from the output folder, the task's environment, secrets, cpu and
 * memory limits and timeout applied. The container and the run's temporary folders are removed
 * whatever happens. @throws ContainerTaskError naming the task and what went wrong.
 */
export async function runContainerTask(
  task: ContainerTask,
  inputs: LiteralMap,
  options: ContainerRunOptions = {},
): Promise<LiteralMap> {
  const name = task.name;
  const runId = `local-${randomBytes(6).toString("hex")}`;
  const inputDir = task.inputDataDir || DEFAULT_INPUT_DIR;
  const outputDir = task.outputDataDir || DEFAULT_OUTPUT_DIR;
  const placeholders = {
    input: `${inputDir}/inputs.pb`,
    inputPrefix: inputDir,
    outputPrefix: outputDir,
    rawOutputDataPrefix: RAW_OUTPUT_DIR,
    checkpointOutputPrefix: `${RAW_OUTPUT_DIR}/_flytecheckpoints`,
    prevCheckpointPrefix: "",
    perRetryUniqueKey: perRetryUniqueKey(runId),
    namespace: "local",
  };
  refuseBlobTemplates(task, [...task.command, ...task.arguments], inputDir);
  const entrypoint = renderPlaceholders(task.command, placeholders, inputs, name);
  const cmd = renderPlaceholders(task.arguments, placeholders, inputs, name);
  const image = options.image ?? localImage(task.image, options.images, name);
  const limits = resourceLimits(task.resources, name);
  const folder = await createRunFolder();
  try {
    const hostInputs = await folder.sub("inputs");
    const hostOutputs = await folder.sub("outputs");
    const hostRaw = await folder.sub("raw");
    try {
      await writeCopilotInputs(inputs, hostInputs, inputDir, task.metadataFormat);
    } catch (error) {
      if (error instanceof CopilotInputError)
        throw new ContainerTaskError(name, "input", error.message, { cause: error });
      throw error;
    }
    const secrets = await secretMounts(
      task.securityContext?.secrets ?? [],
      options.env ?? process.env,
      name,
      folder,
    );
    const timeout = task.metadata.timeout;
    const exit = await runContainer(
      {
        image,
        entrypoint,
        cmd,
        env: { ...executionEnv(name, runId), ...task.environment, ...secrets.env },
        binds: [
          `${hostInputs}:${inputDir}`,
          `${hostOutputs}:${outputDir}`,
          `${hostRaw}:${RAW_OUTPUT_DIR}`,
          ...secrets.binds,
        ],
        ...limits,
        ...(options.network === undefined ? {} : { network: options.network }),
        labels: { [RUN_LABEL]: runId },
      },
      {
        ...(timeout === undefined ? {} : { timeoutMs: timeout.seconds * 1000 + timeout.nanos / 1e6 }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...withLog(logSink(options.logs, task.localLogs)),
      },
    );
    failUnlessSucceeded(name, exit, timeout?.seconds);
    try {
      return await readCopilotOutputs(task.interface.outputs, hostOutputs, keptFolder(options.rawOutputDir));
    } catch (error) {
      if (error instanceof ContainerReportedError) {
        throw new ContainerTaskError(name, "reported", error.message, {
          logTail: exit.logTail,
          cause: error,
        });
      }
      if (error instanceof CopilotOutputError) {
        throw new ContainerTaskError(name, "output", error.message, { logTail: exit.logTail, cause: error });
      }
      throw error;
    }
  } finally {
    await folder.remove();
  }
}

function withLog(onLog: ((line: string) => void) | undefined) {
  return onLog === undefined ? {} : { onLog };
}
