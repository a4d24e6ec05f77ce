import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { clone, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FlyteError, type Literal, type LiteralMap, type TaskTemplate } from "@flytekit-ts/core";
import {
  type ErrorDocument,
  ErrorDocumentSchema,
  LiteralMapSchema,
  type Resources,
  Resources_ResourceName,
  TaskTemplateSchema,
} from "@flytekit-ts/core/idl";
import { RUN_LABEL, runContainer } from "../docker/run-container.js";
import { ContainerTaskError, failUnlessSucceeded } from "./container-task-error.js";
import { perRetryUniqueKey, renderPlaceholders } from "./placeholders.js";
import { createRunFolder, executionEnv, secretMounts } from "./pod-environment.js";
import { parseQuantity } from "./quantities.js";
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
      `task ${taskName} failed in its container (${error?.code ?? "unknown"}): ${error?.message ?? ""}`,
    );
  }
}

/** cpu and memory limits of a template's container: the limit, else the request. */
function templateLimits(
  resources: Resources | undefined,
  taskName: string,
): { memoryBytes?: number; nanoCpus?: number } {
  const find = (entries: Resources["limits"] | undefined, name: Resources_ResourceName) =>
    entries?.find((entry) => entry.name === name)?.value;
  const out: { memoryBytes?: number; nanoCpus?: number } = {};
  const memory =
    find(resources?.limits, Resources_ResourceName.MEMORY) ??
    find(resources?.requests, Resources_ResourceName.MEMORY);
  const cpu =
    find(resources?.limits, Resources_ResourceName.CPU) ??
    find(resources?.requests, Resources_ResourceName.CPU);
  for (const [value, apply] of [
    [memory, (n: number) => (out.memoryBytes = Math.ceil(n))],
    [cpu, (n: number) => (out.nanoCpus = Math.round(n * 1e9))],
  ] as const) {
    if (value === undefined) continue;
    const quantity = parseQuantity(value);
    if (quantity === undefined || quantity <= 0) {
      throw new ContainerTaskError(
        taskName,
        "input",
        `resource ${JSON.stringify(value)} is not a Kubernetes quantity`,
      );
    }
    apply(quantity);
  }
  return out;
}

/** Copies every local blob of `literal` into `dataDir` and points its URI at the container's copy. */
async function stageBlobs(literal: Literal, hostData: string, counter: { next: number }): Promise<void> {
  const value = literal.value;
  if (value.case === "collection") {
    for (const item of value.value.literals) await stageBlobs(item, hostData, counter);
  } else if (value.case === "map") {
    for (const item of Object.values(value.value.literals)) await stageBlobs(item, hostData, counter);
  } else if (value.case === "scalar") {
    const scalar = value.value.value;
    if (scalar.case === "union" && scalar.value.value !== undefined)
      await stageBlobs(scalar.value.value, hostData, counter);
    if (scalar.case !== "blob") return;
    const uri = scalar.value.uri;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !uri.startsWith("file://")) return; // an object store: read there
    const source = uri.startsWith("file://") ? fileURLToPath(uri) : uri;
    const slot = String(counter.next++);
    await mkdir(join(hostData, slot), { recursive: true });
    await cp(source, join(hostData, slot, basename(source)), { recursive: true });
    scalar.value.uri = posix.join(RUN_DIR, "data", slot, basename(source));
  }
}

/** Points blob URIs under the container's run folder at `keep()`'s host copy. */
async function collectBlobs(literal: Literal, hostRun: string, keep: () => Promise<string>): Promise<void> {
  const value = literal.value;
  if (value.case === "collection") {
    for (const item of value.value.literals) await collectBlobs(item, hostRun, keep);
  } else if (value.case === "map") {
    for (const item of Object.values(value.value.literals)) await collectBlobs(item, hostRun, keep);
  } else if (value.case === "scalar") {
    const scalar = value.value.value;
    if (scalar.case === "union" && scalar.value.value !== undefined)
      await collectBlobs(scalar.value.value, hostRun, keep);
    if (scalar.case !== "blob" || !scalar.value.uri.startsWith(`${RUN_DIR}/`)) return;
    const relative = scalar.value.uri.slice(RUN_DIR.length + 1);
    const target = join(await keep(), relative.replaceAll("/", "_"));
    await rename(join(hostRun, relative), target).catch(async () =>
      cp(join(hostRun, relative), target, { recursive: true }),
    );
    scalar.value.uri = target;
  }
}

async function readIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
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
    const counter = { next: 0 };
    for (const literal of Object.values(staged.literals))
      await stageBlobs(literal, join(hostRun, "data"), counter);
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
    const errorBytes = await readIfPresent(join(hostRun, "outputs", "error.pb"));
    if (errorBytes !== undefined)
      throw new TaskErrorDocumentError(name, fromBinary(ErrorDocumentSchema, errorBytes));
    const outputBytes = await readIfPresent(join(hostRun, "outputs", "outputs.pb"));
    if (outputBytes === undefined) {
      throw new ContainerTaskError(name, "output", "the container wrote neither outputs.pb nor error.pb", {
        logTail: exit.logTail,
      });
    }
    const outputs = fromBinary(LiteralMapSchema, outputBytes);
    let kept: string | undefined;
    const keep = async () => {
      kept ??= options.rawOutputDir ?? (await mkdtemp(join(tmpdir(), "flytekit-ts-outputs-")));
      return kept;
    };
    for (const literal of Object.values(outputs.literals)) await collectBlobs(literal, hostRun, keep);
    return outputs;
  } finally {
    await folder.remove();
  }
}
