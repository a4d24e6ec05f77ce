import { randomBytes } from "node:crypto";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { basename, join, posix } from "node:path";
import { FlyteError, type LiteralMap, type TaskTemplate } from "@flytekit-ts/core";
import {
  clone,
  type ErrorDocument,
  ErrorDocumentSchema,
  fromBinary,
  LiteralMapSchema,
  type Resources,
  Resources_ResourceName,
  TaskTemplateSchema,
  toBinary,
} from "@flytekit-ts/core/idl";
import { isRemoteUri } from "@flytekit-ts/core/internal";
import {
  assertNoLinkOnTheWay,
  assertPlainTree,
  eachBlob,
  entryKind,
  localPathOf,
  readRegularFile,
  redactSecrets,
} from "@flytekit-ts/runtime/internal";
import { RUN_LABEL, runContainer } from "../docker/run-container.js";
import { ContainerTaskError, failUnlessSucceeded } from "./container-task-error.js";
import { perRetryUniqueKey, renderPlaceholders } from "./placeholders.js";
import {
  createRunFolder,
  dockerLimits,
  executionEnv,
  keptFolder,
  moveInto,
  secretMounts,
} from "./pod-environment.js";
import { logSink } from "./run-container-task.js";

/** Where a template run mounts its folder (inputs.pb, task.pb, outputs, raw data) in the container. */
export const RUN_DIR = "/var/flyte/run";

/** Options of {@link runTemplateInContainer}. */
export interface TemplateRunOptions {
  /** The image to run instead of the template's. @default the template's image */
  image?: string;
  /** The container's output lines: `true` to stderr, or a function. @default false */
  logs?: boolean | ((line: string) => void);
  /** The Docker network; `"none"` runs without a network. @default the engine's default network */
  network?: string;
  /** Where the task's secrets are read from on this machine. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where file and folder outputs are kept after the run. @default a new folder under the system's temporary folder */
  rawOutputDir?: string;
  /** Aborting kills and removes the container. @default none */
  signal?: AbortSignal;
  /** The element of a map task's array job this run is (propeller's `FLYTE_K8S_ARRAY_INDEX`). @default none: not an array job */
  arrayIndex?: number;
}

/** The task ran and wrote an error document (`error.pb`), as it would on a cluster. */
export class TaskErrorDocumentError extends FlyteError {
  constructor(
    readonly taskName: string,
    readonly document: ErrorDocument,
  ) {
    const error = document.error;
    super(
      error?.origin === 2 ? "SYSTEM" : "USER",
      redactSecrets(
        `task ${taskName} failed in its container (${error?.code ?? "unknown"}): ${error?.message ?? ""}`,
      ),
    );
  }
}

/** cpu and memory limits of a template's container: the limit, else the request. */
function templateLimits(
  resources: Resources | undefined,
  taskName: string,
): { memoryBytes?: number; nanoCpus?: number } {
  const find = (name: Resources_ResourceName) =>
    resources?.limits.find((entry) => entry.name === name)?.value ??
    resources?.requests.find((entry) => entry.name === name)?.value;
  return dockerLimits(
    { memory: find(Resources_ResourceName.MEMORY), cpu: find(Resources_ResourceName.CPU) },
    taskName,
  );
}

/** Copies the local blobs of `map` into `hostData` and points their URIs at the container's copies. */
async function stageBlobs(map: LiteralMap, hostData: string): Promise<void> {
  let next = 0;
  for (const literal of Object.values(map.literals)) {
    await eachBlob(literal, async (blob) => {
      if (isRemoteUri(blob.uri)) return; // an object store: the task reads it there
      const source = localPathOf(blob.uri);
      const slot = String(next++);
      await mkdir(join(hostData, slot), { recursive: true });
      await cp(source, join(hostData, slot, basename(source)), { recursive: true });
      blob.uri = posix.join(RUN_DIR, "data", slot, basename(source));
    });
  }
}

/**
 * Moves the blobs of `map` written under the container's run folder to `keep()` and points them
 * there. The URIs come from the container: one that leaves the run folder, or a blob that is (or
 * holds) a link or a special file, is refused rather than read on the host.
 */
async function collectBlobs(
  map: LiteralMap,
  hostRun: string,
  keep: () => Promise<string>,
  taskName: string,
): Promise<void> {
  for (const literal of Object.values(map.literals)) {
    await eachBlob(literal, async (blob) => {
      if (!blob.uri.startsWith(`${RUN_DIR}/`)) return;
      const relative = posix.normalize(blob.uri.slice(RUN_DIR.length + 1));
      if (relative.startsWith("..") || relative.startsWith("/") || relative === ".") {
        throw new ContainerTaskError(taskName, "output", `output blob ${blob.uri} is outside ${RUN_DIR}`);
      }
      const source = join(hostRun, relative);
      try {
        await assertNoLinkOnTheWay(hostRun, relative, blob.uri);
        await assertPlainTree(source, blob.uri);
      } catch (error) {
        throw new ContainerTaskError(taskName, "output", (error as Error).message, { cause: error });
      }
      const target = join(await keep(), relative.replaceAll("/", "_"));
      await moveInto(source, target);
      blob.uri = target;
    });
  }
}

/** A document the container wrote: a regular file (never a link), or undefined when there is none. */
async function readDocument(path: string, taskName: string): Promise<Uint8Array | undefined> {
  if ((await entryKind(path)) === "missing") return undefined;
  try {
    return await readRegularFile(path, { noFollow: true, label: basename(path) });
  } catch (error) {
    throw new ContainerTaskError(taskName, "output", (error as Error).message, { cause: error });
  }
}

/**
 * Runs a serialized task template in the local Docker engine exactly as propeller would: the
 * container's args rendered (`{{.input}}`, `{{.outputPrefix}}`, `{{.taskTemplatePath}}`, ...) to
 * paths of a run folder mounted at `/var/flyte/run`, `inputs.pb` and `task.pb` written there, the
 * image run with `tsflyte-execute`, and `outputs.pb` or `error.pb` read back.
 * @throws TaskErrorDocumentError with the decoded error document when the task failed;
 *   ContainerTaskError when the container itself failed (exit status, timeout, no outputs).
 */
export async function runTemplateInContainer(
  template: TaskTemplate,
  inputs: LiteralMap,
  options: TemplateRunOptions = {},
): Promise<LiteralMap> {
  const name = template.id?.name ?? "task";
  const container = template.target.case === "container" ? template.target.value : undefined;
  if (container === undefined) {
    throw new ContainerTaskError(
      name,
      "input",
      `its template has no container (target ${template.target.case ?? "none"}) to run`,
    );
  }
  const runId = `local-${randomBytes(6).toString("hex")}`;
  const folder = await createRunFolder();
  try {
    const hostRun = await folder.sub("run");
    for (const sub of ["outputs", "raw", "data"]) await folder.sub(`run/${sub}`);
    const staged = clone(LiteralMapSchema, inputs);
    await stageBlobs(staged, join(hostRun, "data"));
    const placeholders = {
      input: `${RUN_DIR}/inputs.pb`,
      inputPrefix: RUN_DIR,
      outputPrefix: `${RUN_DIR}/outputs`,
      rawOutputDataPrefix: `${RUN_DIR}/raw`,
      checkpointOutputPrefix: `${RUN_DIR}/raw/_flytecheckpoints`,
      prevCheckpointPrefix: "",
      perRetryUniqueKey: perRetryUniqueKey(runId),
      taskTemplatePath: `${RUN_DIR}/task.pb`,
      namespace: "local",
    };
    const entrypoint = renderPlaceholders(container.command, placeholders, staged, name);
    const cmd = renderPlaceholders(container.args, placeholders, staged, name);
    await writeFile(join(hostRun, "inputs.pb"), toBinary(LiteralMapSchema, staged));
    await writeFile(join(hostRun, "task.pb"), toBinary(TaskTemplateSchema, template));
    const secretEnv = await secretMounts(
      template.securityContext?.secrets ?? [],
      options.env ?? process.env,
      name,
      folder,
    );
    const timeout = template.metadata?.timeout;
    const onLog = logSink(options.logs, false);
    const exit = await runContainer(
      {
        image: options.image ?? container.image,
        entrypoint,
        cmd,
        env: {
          ...executionEnv(name, runId),
          ...(options.arrayIndex === undefined
            ? {}
            : {
                BATCH_JOB_ARRAY_INDEX_VAR_NAME: "FLYTE_K8S_ARRAY_INDEX",
                FLYTE_K8S_ARRAY_INDEX: String(options.arrayIndex),
              }),
          ...Object.fromEntries(container.env.map((pair) => [pair.key, pair.value])),
          ...secretEnv.env,
        },
        binds: [`${hostRun}:${RUN_DIR}`, ...secretEnv.binds],
        ...templateLimits(container.resources, name),
        ...(options.network === undefined ? {} : { network: options.network }),
        labels: { [RUN_LABEL]: runId },
      },
      {
        ...(timeout === undefined ? {} : { timeoutMs: Number(timeout.seconds) * 1000 + timeout.nanos / 1e6 }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(onLog === undefined ? {} : { onLog }),
      },
    );
    failUnlessSucceeded(name, exit, timeout?.seconds);
    const errorBytes = await readDocument(join(hostRun, "outputs", "error.pb"), name);
    if (errorBytes !== undefined)
      throw new TaskErrorDocumentError(name, fromBinary(ErrorDocumentSchema, errorBytes));
    const outputBytes = await readDocument(join(hostRun, "outputs", "outputs.pb"), name);
    if (
      outputBytes === undefined &&
      (await entryKind(join(hostRun, "outputs", "futures.pb"))) !== "missing"
    ) {
      throw new ContainerTaskError(
        name,
        "output",
        "it is a dynamic task: it wrote its graph (futures.pb), which propeller runs; locally, run it without a container (its graph runs in process) or on a cluster",
      );
    }
    if (outputBytes === undefined) {
      throw new ContainerTaskError(name, "output", "the container wrote neither outputs.pb nor error.pb", {
        logTail: exit.logTail,
      });
    }
    const outputs = fromBinary(LiteralMapSchema, outputBytes);
    await collectBlobs(outputs, hostRun, keptFolder(options.rawOutputDir), name);
    return outputs;
  } finally {
    await folder.remove();
  }
}
