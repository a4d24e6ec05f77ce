import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { FlyteError } from "@flytekit-ts/core";
import type Docker from "dockerode";
import { dockerEngine } from "../docker/docker-engine.js";

/** What {@link pushImage} did. */
export interface PushedImage {
  readonly image: string;
  /** False when the registry already had the tag (content-hash tags: same tag, same content). */
  readonly pushed: boolean;
}

/** Options of {@link pushImage}. */
export interface PushImageOptions {
  /** Push even when the registry has the tag (for images whose tag does not track their content). @default false */
  force?: boolean;
  /** Each line of the push's progress. @default none */
  onLog?: (line: string) => void;
}

/** The engine could not push an image. */
export class ImagePushError extends FlyteError {
  constructor(
    readonly image: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("IMAGE", `pushing ${image} failed: ${message}`, options);
  }
}

/** `registry.example.com/team/app:tag` as repository and tag (digest references are not pushed by tag). */
export function splitReference(image: string): { repository: string; tag: string } {
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  if (colon <= slash) return { repository: image, tag: "latest" };
  return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

/** The registry host of a reference (`docker.io` for names without one). */
export function registryOf(image: string): string {
  const first = image.split("/")[0] as string;
  return image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")
    ? first
    : "docker.io";
}

/**
 * Credentials for `registry` from the Docker CLI's `config.json` (`DOCKER_CONFIG`, else
 * `~/.docker`): its `auths` entries (what `docker login` writes without a credential helper).
 * The engine's API does not read them itself. Never printed.
 */
export async function registryAuth(registry: string, env: NodeJS.ProcessEnv = process.env) {
  const folder = env.DOCKER_CONFIG ?? join(homedir(), ".docker");
  const config = await readFile(join(folder, "config.json"), "utf8")
    .then((text) => JSON.parse(text) as { auths?: Record<string, { auth?: string }> })
    .catch(() => undefined);
  const keys =
    registry === "docker.io"
      ? ["https://index.docker.io/v1/", "docker.io"]
      : [registry, `https://${registry}`];
  for (const key of keys) {
    const auth = config?.auths?.[key]?.auth;
    if (auth === undefined) continue;
    const decoded = Buffer.from(auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0)
      return {
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        serveraddress: registry,
      };
  }
  return undefined;
}

/** Whether the registry has `image`'s tag (asked through the engine, which reaches the registry). */
async function inRegistry(docker: Docker, image: string, authconfig: Docker.AuthConfig | undefined) {
  return docker
    .getImage(image)
    .distribution(authconfig === undefined ? {} : { authconfig })
    .then(() => true)
    .catch(() => false);
}

/**
 * Pushes a local image to its registry with the local Docker engine, unless the registry already
 * has its tag: ImageSpec tags are hashes of the spec, so a tag there is that image.
 * @throws ImagePushError when the engine or the registry refuses
 */
export async function pushImage(image: string, options: PushImageOptions = {}): Promise<PushedImage> {
  const docker = await dockerEngine();
  const authconfig = await registryAuth(registryOf(image));
  if (!options.force && (await inRegistry(docker, image, authconfig))) return { image, pushed: false };
  const { repository, tag } = splitReference(image);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker
      .getImage(repository)
      .push({ tag, ...(authconfig === undefined ? {} : { authconfig }) });
  } catch (error) {
    throw new ImagePushError(image, error instanceof Error ? error.message : String(error), { cause: error });
  }
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = events?.find((event) => event.error !== undefined);
        if (error) reject(new ImagePushError(image, error.message, { cause: error }));
        else if (failed)
          reject(new ImagePushError(image, failed.errorDetail?.message ?? failed.error ?? "unknown error"));
        else resolve();
      },
      (event: { status?: string; id?: string }) => {
        if (event.status !== undefined)
          options.onLog?.(event.id === undefined ? event.status : `${event.id}: ${event.status}`);
      },
    ),
  );
  return { image, pushed: true };
}
