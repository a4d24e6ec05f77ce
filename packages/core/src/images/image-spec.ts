import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { FlyteValidationError } from "../errors/flyte-error.js";

/** Options of {@link ImageSpec}. Every field is optional except `name`. */
export interface ImageSpecOptions {
  /** The image name, e.g. `my-tasks` or `org/my-tasks`. */
  name: string;
  /** The image to build on. It must contain Node.js. @default "node:24-bookworm-slim" */
  baseImage?: string;
  /** Registry to push to, e.g. `ghcr.io/org`. @default none (a local image) */
  registry?: string;
  /** Environment variables set in the image. @default {} */
  env?: Readonly<Record<string, string>>;
  /** Debian packages installed with apt. @default [] */
  aptPackages?: readonly string[];
  /** npm packages installed globally (`name@version`). @default [] */
  packages?: readonly string[];
  /** Shell commands run at the end of the build, in order. @default [] */
  commands?: readonly string[];
  /** Files or folders copied into the image's working directory, relative to `sourceRoot`. @default [] */
  copy?: readonly string[];
  /** The folder `copy` is relative to. @default the project root */
  sourceRoot?: string;
  /** Overrides the image entrypoint. @default the base image's */
  entrypoint?: readonly string[];
  /**
   * Ends the build with `tsflyte-snapshot /opt/flytekit-ts` and puts its launchers first on the
   * PATH: tsflyte-execute (and the map and fast entrypoints) then start from a V8 startup snapshot
   * of the image's Node.js (about half the start-up time a task spends above a bare node process). The image must hold `@flytekit-ts/runtime`
   * (global, from `packages`, or in `/root/node_modules`, from a command). @default false
   */
  entrypointSnapshot?: boolean;
  /** Target platform. @default "linux/amd64" */
  platform?: string;
  /** Tag template; `{spec_hash}` is replaced by the content hash. @default "{spec_hash}" */
  tagFormat?: string;
  /**
   * A digest of the copied files' contents, set by the tool that reads them (`tsflyte build`), so
   * the tag changes when the sources do. @default none
   */
  sourceDigest?: string;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * How to build a task image: a base image plus packages, commands and sources. Its tag is a hash of
 * the spec, so equal specs name the same image and any change names a new one. Building is done by
 * `tsflyte build` (runtime); at serialization time only {@link ImageSpec.imageName} is used.
 */
export class ImageSpec {
  readonly name: string;
  readonly baseImage: string;
  readonly registry: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly aptPackages: readonly string[];
  readonly packages: readonly string[];
  readonly commands: readonly string[];
  readonly copy: readonly string[];
  readonly sourceRoot: string | undefined;
  readonly entrypoint: readonly string[] | undefined;
  readonly entrypointSnapshot: boolean;
  readonly platform: string;
  readonly tagFormat: string;
  readonly sourceDigest: string | undefined;

  constructor(options: ImageSpecOptions) {
    if (options.name === "") throw new FlyteValidationError("ImageSpec needs a non-empty name");
    if (options.tagFormat !== undefined && !options.tagFormat.includes("{spec_hash}")) {
      throw new FlyteValidationError(
        `ImageSpec ${options.name}: tagFormat must contain {spec_hash}, got ${JSON.stringify(options.tagFormat)}`,
      );
    }
    this.name = options.name;
    this.baseImage = options.baseImage ?? "node:24-bookworm-slim";
    this.registry = options.registry;
    this.env = { ...options.env };
    this.aptPackages = [...(options.aptPackages ?? [])];
    this.packages = [...(options.packages ?? [])];
    this.commands = [...(options.commands ?? [])];
    this.copy = [...(options.copy ?? [])];
    this.sourceRoot = options.sourceRoot;
    this.entrypoint = options.entrypoint === undefined ? undefined : [...options.entrypoint];
    this.entrypointSnapshot = options.entrypointSnapshot ?? false;
    this.platform = options.platform ?? "linux/amd64";
    this.tagFormat = options.tagFormat ?? "{spec_hash}";
    this.sourceDigest = options.sourceDigest;
    Object.freeze(this);
  }

  /** The content hash of everything that changes the built image (not `name` or `registry`). */
  get id(): string {
    const canonical = JSON.stringify({
      baseImage: this.baseImage,
      env: Object.fromEntries(Object.entries(this.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      aptPackages: this.aptPackages,
      packages: this.packages,
      commands: this.commands,
      copy: this.copy,
      entrypoint: this.entrypoint ?? null,
      platform: this.platform,
      sourceDigest: this.sourceDigest ?? null,
      // Only when set: specs written before the option keep their tags.
      ...(this.entrypointSnapshot ? { entrypointSnapshot: true } : {}),
    });
    return base32(sha256(utf8ToBytes(canonical))).slice(0, 26);
  }

  /** The tag: `tagFormat` with `{spec_hash}` replaced by {@link ImageSpec.id}. */
  get tag(): string {
    return this.tagFormat.split("{spec_hash}").join(this.id);
  }

  /** `<registry>/<name>:<tag>`, or `<name>:<tag>` without a registry. */
  imageName(): string {
    const repository = this.registry === undefined ? this.name : `${this.registry}/${this.name}`;
    return `${repository}:${this.tag}`;
  }

  /** A copy with more apt packages. */
  withAptPackages(packages: string | readonly string[]): ImageSpec {
    return this.with({ aptPackages: [...this.aptPackages, ...[packages].flat()] });
  }

  /** A copy with more npm packages. */
  withPackages(packages: string | readonly string[]): ImageSpec {
    return this.with({ packages: [...this.packages, ...[packages].flat()] });
  }

  /** A copy with more build commands. */
  withCommands(commands: string | readonly string[]): ImageSpec {
    return this.with({ commands: [...this.commands, ...[commands].flat()] });
  }

  /** A copy with more files or folders copied in. */
  withCopy(sources: string | readonly string[]): ImageSpec {
    return this.with({ copy: [...this.copy, ...[sources].flat()] });
  }

  /** A copy with some options replaced. */
  with(changes: Partial<ImageSpecOptions>): ImageSpec {
    return new ImageSpec({ ...this.toOptions(), ...changes });
  }

  /** The options this spec was made from (with defaults filled in). */
  toOptions(): ImageSpecOptions {
    return {
      name: this.name,
      baseImage: this.baseImage,
      ...(this.registry === undefined ? {} : { registry: this.registry }),
      env: this.env,
      aptPackages: this.aptPackages,
      packages: this.packages,
      commands: this.commands,
      copy: this.copy,
      ...(this.sourceRoot === undefined ? {} : { sourceRoot: this.sourceRoot }),
      ...(this.entrypoint === undefined ? {} : { entrypoint: this.entrypoint }),
      entrypointSnapshot: this.entrypointSnapshot,
      platform: this.platform,
      tagFormat: this.tagFormat,
      ...(this.sourceDigest === undefined ? {} : { sourceDigest: this.sourceDigest }),
    };
  }
}
