import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, normalize, resolve } from "node:path";
import { FlyteError, FlyteValidationError, type ImageSpec } from "@flytekit-ts/core";
import { whileRunning } from "@flytekit-ts/runtime/internal";
import { dockerEngine } from "../docker/docker-engine.js";
import { imageSpecDockerfile } from "./image-spec-dockerfile.js";

/** Options of {@link buildImage}. */
export interface BuildImageOptions {
  /** The folder `copy` entries are relative to. @default the spec's `sourceRoot`, else the current folder */
  sourceRoot?: string;
  /** Build even when the image exists. @default false (but specs that copy sources always build) */
  force?: boolean;
  /** The network of the build's RUN steps. @default the engine's default */
  network?: string;
  /** Each line of the build's output. @default none */
  onLog?: (line: string) => void;
}

/** What {@link buildImage} did. */
export interface BuiltImage {
  /** The image reference, as tasks using the spec are serialized with. */
  image: string;
  /** False when an existing image was kept. */
  built: boolean;
}

/** The engine could not build an ImageSpec. */
export class ImageBuildError extends FlyteError {
  constructor(
    readonly image: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("IMAGE", `building ${image} failed: ${message}`, options);
  }
}

/**
 * Builds an {@link ImageSpec} with the local Docker engine and tags it `spec.imageName()`, the
 * reference tasks using the spec are serialized with. The build context is a temporary folder with
 * the generated Dockerfile and copies of the spec's `copy` entries. An existing image is kept
 * unless `force` is set or the spec copies sources (whose content the tag does not track).
 */
export async function buildImage(spec: ImageSpec, options: BuildImageOptions = {}): Promise<BuiltImage> {
  const image = spec.imageName();
  const docker = await dockerEngine();
  if (!options.force && spec.copy.length === 0) {
    const exists = await docker
      .getImage(image)
      .inspect()
      .then(() => true)
      .catch(() => false);
    if (exists) return { image, built: false };
  }
  const root = resolve(options.sourceRoot ?? spec.sourceRoot ?? process.cwd());
  const context = await mkdtemp(join(tmpdir(), "flytekit-ts-build-"));
  const done = whileRunning(() => rm(context, { recursive: true, force: true }));
  try {
    for (const source of spec.copy) {
      const clean = normalize(source);
      if (isAbsolute(clean) || clean.startsWith("..")) {
        throw new FlyteValidationError(
          `ImageSpec ${spec.name}: copy entry ${source} must be a path inside ${root}`,
        );
      }
      await cp(join(root, clean), join(context, clean), { recursive: true }).catch((error: unknown) => {
        throw new ImageBuildError(image, `cannot copy ${source} from ${root}`, { cause: error });
      });
    }
    await writeFile(join(context, "Dockerfile"), imageSpecDockerfile(spec));
    const stream = await docker.buildImage(
      { context, src: ["Dockerfile", ...spec.copy.map((s) => normalize(s))] },
      {
        t: image,
        rm: true,
        forcerm: true,
        ...(options.network === undefined ? {} : { networkmode: options.network }),
      },
    );
    await new Promise<void>((resolvePromise, reject) =>
      docker.modem.followProgress(
        stream,
        (error, events: { error?: string; errorDetail?: { message?: string } }[]) => {
          const failed = events?.find((event) => event.error !== undefined);
          if (error) reject(new ImageBuildError(image, String(error), { cause: error }));
          else if (failed)
            reject(
              new ImageBuildError(image, failed.errorDetail?.message ?? failed.error ?? "unknown error"),
            );
          else resolvePromise();
        },
        (event: { stream?: string }) => {
          for (const line of event.stream?.split("\n") ?? []) if (line.trim() !== "") options.onLog?.(line);
        },
      ),
    );
    return { image, built: true };
  } finally {
    await done();
  }
}
