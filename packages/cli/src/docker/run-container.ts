import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { FlyteError } from "@flytekit-ts/core";
import { interruption, whileRunning } from "@flytekit-ts/runtime/internal";
import type Dockerode from "dockerode";
import { dockerEngine } from "./docker-engine.js";
import { readLogLines } from "./log-lines.js";

/** The label every container flytekit-ts starts carries, with the run's id. */
export const RUN_LABEL = "org.flyte.flytekit-ts.run";

/** What to run: Kubernetes semantics, so `entrypoint` replaces the image's ENTRYPOINT and `cmd` its CMD. */
export interface ContainerSpec {
  /** The image reference, present in the engine or pullable. */
  image: string;
  /** Replaces the image's entrypoint (a pod's `command`). @default the image's */
  entrypoint?: readonly string[];
  /** The arguments (a pod's `args`). @default the image's CMD */
  cmd?: readonly string[];
  /** Environment variables. @default {} */
  env?: Readonly<Record<string, string>>;
  /** Bind mounts, `host:container[:ro]`. @default [] */
  binds?: readonly string[];
  /** Memory limit in bytes. @default none */
  memoryBytes?: number;
  /** CPU limit in billionths of a core. @default none */
  nanoCpus?: number;
  /** The network: `none` for no network. @default the engine's default */
  network?: string;
  /** Labels added to the container. @default {} */
  labels?: Readonly<Record<string, string>>;
}

/** How to watch the run. */
export interface RunContainerOptions {
  /** Kills the container after this long. @default no limit */
  timeoutMs?: number;
  /** Each line the container writes, as it writes it. @default none */
  onLog?: (line: string) => void;
  /** Aborting kills and removes the container. @default none */
  signal?: AbortSignal;
  /** How many of the last log lines to keep for error messages. @default 20 */
  logTailLines?: number;
}

/** How the container ended. */
export interface ContainerExit {
  exitCode: number;
  oomKilled: boolean;
  timedOut: boolean;
  /** The last lines of its output (stdout and stderr) when it failed or timed out; else empty. */
  logTail: string[];
}

/** The image is neither in the engine nor pullable. */
export class ImageNotFoundError extends FlyteError {
  constructor(
    readonly image: string,
    options?: { cause?: unknown },
  ) {
    super(
      "NOT_FOUND",
      `image ${image} is not in the local Docker engine and could not be pulled: build it (tsflyte build) or pull it first`,
      options,
    );
  }
}

/** Marks each container with its own id, so it can be found although its creation's answer was lost. */
const CONTAINER_LABEL = "org.flyte.flytekit-ts.container";

/** How often, and how far apart, removal is tried until the engine lists no container with the label. */
const REMOVAL_ATTEMPTS = 40;
const REMOVAL_PAUSE_MS = 250;

/**
 * Removes the container labelled `id`, if the engine has one, and checks that it is gone: a forced
 * removal that races the container's start (a signal between `start` and its answer) can fail or
 * leave the container running, so removal is repeated until the engine no longer lists it.
 */
async function removeLabelled(docker: Dockerode, id: string): Promise<void> {
  for (let attempt = 0; attempt < REMOVAL_ATTEMPTS; attempt++) {
    const found = await docker
      .listContainers({ all: true, filters: { label: [`${CONTAINER_LABEL}=${id}`] } })
      .catch(() => undefined);
    if (found?.length === 0) return;
    await Promise.allSettled(
      (found ?? []).map((info) => docker.getContainer(info.Id).remove({ force: true })),
    );
    if (attempt > 0) await sleep(REMOVAL_PAUSE_MS);
  }
}

/** The run was aborted through its signal (or the process's: SIGINT, SIGTERM, SIGHUP). */
export class ContainerAbortedError extends FlyteError {
  constructor() {
    super("SYSTEM", "the container run was aborted");
  }
}

/** Pulls `image` (it is not in the engine). @throws ImageNotFoundError when that fails. */
async function pullImage(docker: Dockerode, image: string): Promise<void> {
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    throw new ImageNotFoundError(image, { cause: error });
  }
}

/**
 * The last `lines` lines the container wrote, stdout and stderr in the order they were written
 * (by the engine's timestamps: the live stream does not keep that order across the two).
 */
async function logTail(container: Dockerode.Container, lines: number): Promise<string[]> {
  const raw = (await container.logs({
    stdout: true,
    stderr: true,
    tail: lines,
    timestamps: true,
    follow: false,
  })) as Buffer;
  const stamped: string[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    stamped.push(
      ...raw
        .subarray(offset + 8, offset + 8 + size)
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== ""),
    );
    offset += 8 + size;
  }
  return stamped
    .map((line) => ({ at: line.slice(0, line.indexOf(" ")), text: line.slice(line.indexOf(" ") + 1) }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .slice(-lines)
    .map((entry) => entry.text);
}

/**
 * Runs a container to its end and removes it, always: also on error, timeout, abort, SIGINT and
 * SIGTERM. Returns its exit status and last log lines; a non-zero exit is not an error here.
 */
export async function runContainer(
  spec: ContainerSpec,
  options: RunContainerOptions = {},
): Promise<ContainerExit> {
  const docker = await dockerEngine();
  // A signal that came while the engine was reached: its cleanup may already have run.
  if (options.signal?.aborted || interruption() !== undefined) throw new ContainerAbortedError();
  const containerId = randomUUID();
  const create = () =>
    docker.createContainer({
      Image: spec.image,
      ...(spec.entrypoint !== undefined && spec.entrypoint.length > 0
        ? { Entrypoint: [...spec.entrypoint] }
        : {}),
      ...(spec.cmd !== undefined && spec.cmd.length > 0 ? { Cmd: [...spec.cmd] } : {}),
      Env: Object.entries(spec.env ?? {}).map(([name, value]) => `${name}=${value}`),
      Labels: { ...spec.labels, [CONTAINER_LABEL]: containerId },
      HostConfig: {
        Binds: [...(spec.binds ?? [])],
        ...(spec.memoryBytes === undefined ? {} : { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes }),
        ...(spec.nanoCpus === undefined ? {} : { NanoCpus: spec.nanoCpus }),
        ...(spec.network === undefined ? {} : { NetworkMode: spec.network }),
      },
    });
  // Create first and pull only on "no such image": one round trip less for the usual local image.
  const creating = create().catch(async (error: { statusCode?: number }) => {
    if (error?.statusCode !== 404) throw error;
    await pullImage(docker, spec.image);
    return create();
  });
  // Registered before the container exists: a signal during creation waits for it, then removes
  // it, and removes by label what the engine made although its answer never came.
  const finish = whileRunning(async () => {
    const made = await creating.catch(() => undefined);
    await made?.remove({ force: true }).catch(() => undefined);
    await removeLabelled(docker, containerId);
  });
  let container: Dockerode.Container;
  try {
    container = await creating;
  } catch (error) {
    await finish();
    if (options.signal?.aborted || interruption() !== undefined) throw new ContainerAbortedError();
    throw error;
  }
  const onAbort = () => void finish();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const onLog = options.onLog;
    let logsDone: Promise<void> = Promise.resolve();
    if (onLog !== undefined) {
      // Attached before start, so the stream sees every line; replaying the log (`logs: true`) as well
      // could deliver a line twice when the container writes while the attach is set up.
      const logs = await container.attach({ stream: true, stdout: true, stderr: true, logs: false });
      logsDone = readLogLines(logs as unknown as Readable, onLog);
    }
    await container.start();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const waited = container.wait();
    const status = await (options.timeoutMs === undefined
      ? waited
      : Promise.race([
          waited,
          new Promise<{ StatusCode: number }>((resolve) => {
            timer = setTimeout(() => {
              timedOut = true;
              void container.kill().catch(() => undefined);
              resolve(waited);
            }, options.timeoutMs);
          }),
        ]));
    clearTimeout(timer);
    await logsDone;
    if (options.signal?.aborted) throw new ContainerAbortedError();
    const exitCode = status.StatusCode;
    if (exitCode === 0 && !timedOut) return { exitCode, oomKilled: false, timedOut, logTail: [] };
    const state = (await container.inspect()).State;
    return {
      exitCode,
      oomKilled: state.OOMKilled === true,
      timedOut,
      logTail: await logTail(container, options.logTailLines ?? 20),
    };
  } catch (error) {
    // Removed under it by an abort or a signal: say so, not the engine's 404/409 that followed.
    if (options.signal?.aborted || interruption() !== undefined) throw new ContainerAbortedError();
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await finish();
  }
}
