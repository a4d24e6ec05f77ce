import { FlyteError } from "@flytekit-ts/core";
import type Dockerode from "dockerode";

/** No Docker engine answers where the client looked. */
export class DockerUnavailableError extends FlyteError {
  constructor(
    readonly where: string,
    options?: { cause?: unknown },
  ) {
    super(
      "SYSTEM",
      `no Docker engine answers at ${where}: start Docker (or set DOCKER_HOST to an engine that runs) to run container tasks locally`,
      options,
    );
  }
}

let engine: Promise<Dockerode> | undefined;

/** Where the client connects: `DOCKER_HOST`, else the default socket. */
export function dockerLocation(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
}

/**
 * The Docker engine at `DOCKER_HOST` or `/var/run/docker.sock`, checked with a ping, shared by every
 * run of this process. dockerode is imported here, on first use, so runs without containers never
 * load it. @throws DockerUnavailableError when no engine answers.
 */
export function dockerEngine(): Promise<Dockerode> {
  engine ??= (async () => {
    const { default: Docker } = await import("dockerode");
    const docker = new Docker();
    try {
      await docker.ping();
    } catch (error) {
      throw new DockerUnavailableError(dockerLocation(), { cause: error });
    }
    return docker;
  })();
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}
