import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ResourceSpec, SecretMountType } from "@flytekit-ts/core";
import { whileRunning } from "../docker/cleanup.js";
import { SecretsAccessor } from "../execution/secrets.js";
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
  const path = await mkdtemp(join(tmpdir(), "flytekit-ts-run-"));
  const remove = whileRunning(() => rm(path, { recursive: true, force: true }));
  return {
    path,
    async sub(name) {
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

/** A task's cpu and memory as Docker limits: the limit, else the request (as propeller defaults limits). */
export function resourceLimits(
  resources: ResourceSpec,
  taskName: string,
): { memoryBytes?: number; nanoCpus?: number } {
  const out: { memoryBytes?: number; nanoCpus?: number } = {};
  const memory = resources.limits.mem ?? resources.requests.mem;
  const cpu = resources.limits.cpu ?? resources.requests.cpu;
  if (memory !== undefined) {
    const bytes = parseQuantity(memory);
    if (bytes === undefined || bytes <= 0) {
      throw new ContainerTaskError(
        taskName,
        "input",
        `memory ${JSON.stringify(memory)} is not a Kubernetes quantity`,
      );
    }
    out.memoryBytes = Math.ceil(bytes);
  }
  if (cpu !== undefined) {
    const cores = parseQuantity(cpu);
    if (cores === undefined || cores <= 0) {
      throw new ContainerTaskError(
        taskName,
        "input",
        `cpu ${JSON.stringify(cpu)} is not a Kubernetes quantity`,
      );
    }
    out.nanoCpus = Math.round(cores * 1e9);
  }
  return out;
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
