import { chmod, cp, mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { SecretMountType } from "@flytekit-ts/core";
import type { ResourceSpec } from "@flytekit-ts/core/internal";
import { createTemporaryFolder, interruption, SecretsAccessor } from "@flytekit-ts/runtime/internal";
import { ContainerTaskError } from "./container-task-error.js";
import { parseQuantity } from "./quantities.js";

/** Where Flyte's secret webhook mounts secret files in a pod. */
export const SECRETS_DIR = "/etc/flyte/secrets";
/** The prefix of the environment variables Flyte's secret webhook sets. */
export const SECRETS_ENV_PREFIX = "_FSEC_";

/** A secret request: a `Secret` of a task, or the `flyteidl.core.Secret` of a template (empty strings for unset). */
export interface SecretRequest {
  readonly group: string;
  readonly key?: string | undefined;
  readonly mountRequirement: SecretMountType;
  readonly envVar?: string | undefined;
}

/** A temporary folder for one run, removed by `remove()` and also on SIGINT/SIGTERM. */
export interface RunFolder {
  readonly path: string;
  /** A sub-folder that any container user can write to (as Kubernetes emptyDir volumes are). */
  sub(name: string): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a {@link RunFolder} under the system's temporary folder. */
export async function createRunFolder(): Promise<RunFolder> {
  const { path, remove } = await createTemporaryFolder("flytekit-ts-run-");
  return {
    path,
    async sub(name) {
      // Interrupted: the folder is being removed; making parts of it again would leave them behind.
      if (interruption() !== undefined) throw new Error(`interrupted by ${interruption()}`);
      const dir = join(path, name);
      await mkdir(dir, { recursive: true });
      await chmod(dir, 0o777);
      return dir;
    },
    remove,
  };
}

/**
 * The environment and mounts that hand a task its secrets as Flyte's webhook does: `ENV_VAR` as
 * `_FSEC_<GROUP>_<KEY>` (or the secret's own `envVar`), `FILE` as `/etc/flyte/secrets/<group>/<key>`,
 * `ANY` as both. Values are read on this machine the way tasks read them (environment, then files).
 */
export async function secretMounts(
  secrets: readonly SecretRequest[],
  env: NodeJS.ProcessEnv,
  taskName: string,
  folder: RunFolder,
): Promise<{ env: Record<string, string>; binds: string[] }> {
  if (secrets.length === 0) return { env: {}, binds: [] };
  const accessor = new SecretsAccessor(env);
  const out: Record<string, string> = {
    FLYTE_SECRETS_DEFAULT_DIR: SECRETS_DIR,
    FLYTE_SECRETS_ENV_PREFIX: SECRETS_ENV_PREFIX,
  };
  const dir = await folder.sub("secrets");
  for (const secret of secrets) {
    let value: string;
    try {
      value = accessor.get(secret.group, secret.key || "");
    } catch (error) {
      throw new ContainerTaskError(taskName, "secret", (error as Error).message, { cause: error });
    }
    const mount = secret.mountRequirement;
    if (mount !== SecretMountType.FILE) {
      const name =
        secret.envVar ||
        `${SECRETS_ENV_PREFIX}${secret.group}${secret.key ? `_${secret.key}` : ""}`.toUpperCase();
      out[name] = value;
    }
    if (mount !== SecretMountType.ENV_VAR) {
      const groupDir = join(dir, secret.group.toLowerCase());
      await mkdir(groupDir, { recursive: true });
      await writeFile(join(groupDir, (secret.key || "").toLowerCase() || "value"), value);
    }
  }
  return { env: out, binds: [`${dir}:${SECRETS_DIR}:ro`] };
}

/** Docker limits from Kubernetes quantities. @throws ContainerTaskError for text that is not a quantity. */
export function dockerLimits(
  quantities: { memory?: string | undefined; cpu?: string | undefined },
  taskName: string,
): { memoryBytes?: number; nanoCpus?: number } {
  const read = (what: string, text: string) => {
    const value = parseQuantity(text);
    if (value === undefined || value <= 0) {
      throw new ContainerTaskError(
        taskName,
        "input",
        `${what} ${JSON.stringify(text)} is not a Kubernetes quantity`,
      );
    }
    return value;
  };
  return {
    ...(quantities.memory === undefined ? {} : { memoryBytes: Math.ceil(read("memory", quantities.memory)) }),
    ...(quantities.cpu === undefined ? {} : { nanoCpus: Math.round(read("cpu", quantities.cpu) * 1e9) }),
  };
}

/** A task's cpu and memory as Docker limits: the limit, else the request (as propeller defaults limits). */
export function resourceLimits(
  resources: ResourceSpec,
  taskName: string,
): { memoryBytes?: number; nanoCpus?: number } {
  return dockerLimits(
    {
      memory: resources.limits.mem ?? resources.requests.mem,
      cpu: resources.limits.cpu ?? resources.requests.cpu,
    },
    taskName,
  );
}

/** The folder file and folder outputs are kept in: `rawOutputDir`, else one made on first use. */
export function keptFolder(rawOutputDir: string | undefined): () => Promise<string> {
  let folder: Promise<string> | undefined;
  return () => {
    folder ??=
      rawOutputDir === undefined
        ? mkdtemp(join(tmpdir(), "flytekit-ts-outputs-"))
        : Promise.resolve(rawOutputDir);
    return folder;
  };
}

/** Moves a file or folder, copying when a rename cannot (another filesystem). */
export async function moveInto(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await rename(source, target).catch(() => cp(source, target, { recursive: true }));
}

/** The execution identity propeller gives a task's pod, for a local run. */
export function executionEnv(taskName: string, runId: string): Record<string, string> {
  return {
    FLYTE_INTERNAL_EXECUTION_PROJECT: "local",
    FLYTE_INTERNAL_EXECUTION_DOMAIN: "local",
    FLYTE_INTERNAL_EXECUTION_ID: runId,
    FLYTE_INTERNAL_TASK_PROJECT: "local",
    FLYTE_INTERNAL_TASK_DOMAIN: "local",
    FLYTE_INTERNAL_TASK_NAME: taskName,
    FLYTE_INTERNAL_TASK_VERSION: "local",
    FLYTE_ATTEMPT_NUMBER: "0",
  };
}
