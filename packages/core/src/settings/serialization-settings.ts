import { Image } from "../images/image.js";
import { ImageConfig } from "../images/image-config.js";
import type { ResourceSpec } from "../resources/resources.js";

/**
 * Fast registration (flytekit's `FastSerializationSettings`): task containers first fetch the
 * project's code bundle, then run the task in it, so a code change needs no image rebuild.
 */
export interface FastSerializationSettings {
  /**
   * Where the container unpacks the code bundle (the image's working directory, where its
   * `node_modules` is). @default "{{ .dest_dir }}" (filled in by `flytectl register files --destinationDirectory`, `.` when not given)
   */
  readonly destinationDir?: string;
  /**
   * The bundle's URI once uploaded. @default "{{ .remote_package_path }}" (filled in by `flytectl register files`)
   */
  readonly distributionLocation?: string;
}

/** Options of {@link SerializationSettings}. */
export interface SerializationSettingsOptions {
  /** The images tasks resolve against. Required. */
  imageConfig: ImageConfig;
  /** Project of the task ids. @default "" (filled in by `flytectl register`) */
  project?: string;
  /** Domain of the task ids. @default "" (filled in by `flytectl register`) */
  domain?: string;
  /** Version of the task ids. @default "" (filled in by `flytectl register`) */
  version?: string;
  /** Environment variables added to every task container; a task's own `environment` wins. @default {} */
  env?: Readonly<Record<string, string>>;
  /** Resources for tasks that declare none (flytekit >= 1.16.1). @default none */
  defaultResources?: ResourceSpec;
  /** The project's source root, for image builds that copy sources. @default none */
  sourceRoot?: string;
  /** Fast registration: task containers fetch the code bundle before running. @default none (the image holds the code) */
  fastSerialization?: FastSerializationSettings;
}

/** What serialization needs beyond the tasks: ids, images, environment. Immutable. */
export class SerializationSettings {
  readonly imageConfig: ImageConfig;
  readonly project: string;
  readonly domain: string;
  readonly version: string;
  readonly env: Readonly<Record<string, string>>;
  readonly defaultResources: ResourceSpec | undefined;
  readonly sourceRoot: string | undefined;
  readonly fastSerialization: FastSerializationSettings | undefined;

  constructor(options: SerializationSettingsOptions) {
    this.imageConfig = options.imageConfig;
    this.project = options.project ?? "";
    this.domain = options.domain ?? "";
    this.version = options.version ?? "";
    this.env = { ...options.env };
    this.defaultResources = options.defaultResources;
    this.sourceRoot = options.sourceRoot;
    this.fastSerialization =
      options.fastSerialization === undefined ? undefined : Object.freeze({ ...options.fastSerialization });
    Object.freeze(this);
  }

  /** Settings with `image` (tag or digest required) as the default image. */
  static forImage(
    image: string,
    version: string,
    project = "",
    domain = "",
    options: Omit<SerializationSettingsOptions, "imageConfig" | "version" | "project" | "domain"> = {},
  ): SerializationSettings {
    return new SerializationSettings({
      ...options,
      imageConfig: new ImageConfig({ defaultImage: Image.lookUpImageInfo("default", image) }),
      project,
      domain,
      version,
    });
  }

  /** A builder starting from these settings. */
  newBuilder(): SerializationSettingsBuilder {
    return new SerializationSettingsBuilder(this.toOptions());
  }

  /** A copy with some options replaced. */
  with(changes: Partial<SerializationSettingsOptions>): SerializationSettings {
    return new SerializationSettings({ ...this.toOptions(), ...changes });
  }

  /** The options these settings were made from. */
  toOptions(): SerializationSettingsOptions {
    return {
      imageConfig: this.imageConfig,
      project: this.project,
      domain: this.domain,
      version: this.version,
      env: this.env,
      ...(this.defaultResources === undefined ? {} : { defaultResources: this.defaultResources }),
      ...(this.sourceRoot === undefined ? {} : { sourceRoot: this.sourceRoot }),
      ...(this.fastSerialization === undefined ? {} : { fastSerialization: this.fastSerialization }),
    };
  }
}

/** Builds {@link SerializationSettings} step by step. */
export class SerializationSettingsBuilder {
  #options: SerializationSettingsOptions;

  constructor(options: SerializationSettingsOptions) {
    this.#options = { ...options };
  }

  imageConfig(imageConfig: ImageConfig): this {
    this.#options.imageConfig = imageConfig;
    return this;
  }
  project(project: string): this {
    this.#options.project = project;
    return this;
  }
  domain(domain: string): this {
    this.#options.domain = domain;
    return this;
  }
  version(version: string): this {
    this.#options.version = version;
    return this;
  }
  /** Adds environment variables (later calls win). */
  env(env: Readonly<Record<string, string>>): this {
    this.#options.env = { ...this.#options.env, ...env };
    return this;
  }
  defaultResources(resources: ResourceSpec | undefined): this {
    if (resources === undefined) delete this.#options.defaultResources;
    else this.#options.defaultResources = resources;
    return this;
  }
  sourceRoot(sourceRoot: string): this {
    this.#options.sourceRoot = sourceRoot;
    return this;
  }
  /** Turns fast registration on with these settings, or off with `undefined`. */
  fastSerialization(fast: FastSerializationSettings | undefined): this {
    if (fast === undefined) delete this.#options.fastSerialization;
    else this.#options.fastSerialization = fast;
    return this;
  }
  build(): SerializationSettings {
    return new SerializationSettings(this.#options);
  }
}
