import { create } from "@bufbuild/protobuf";
import {
  type Container,
  ContainerSchema,
  type DataLoadingConfig,
  DataLoadingConfig_LiteralMapFormat,
  DataLoadingConfigSchema,
  IOStrategy_DownloadMode,
  IOStrategy_UploadMode,
  IOStrategySchema,
  type K8sPod,
} from "../gen/flyteidl/core/tasks_pb.js";
import type { ImageSpec } from "../images/image-spec.js";
import { resolveImage } from "../images/resolve-image.js";
import type { InputsInit, OutputsInit } from "../interface/interface.js";
import type { Documentation } from "../metadata/documentation.js";
import type { TaskMetadata, TaskMetadataOptions } from "../metadata/task-metadata.js";
import type { PodTemplate } from "../pod/pod-template.js";
import { toK8sPod } from "../pod/serialize-pod-spec.js";
import { ResourceSpec, type Resources } from "../resources/resources.js";
import type { Secret } from "../security/secret.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import type { TrackingInfo } from "../tracking/tracking.js";
import { containerEnv } from "./container-parts.js";
import { NativeTask } from "./native-task.js";
import { securityContextFor } from "./secret-requests.js";
import { toTaskMetadata } from "./task.js";

/** The format of the inputs/outputs metadata file the copilot sidecar writes next to the data. */
export const MetadataFormat = DataLoadingConfig_LiteralMapFormat;
export type MetadataFormat = DataLoadingConfig_LiteralMapFormat;

/** When the copilot downloads inputs. */
export const DownloadMode = IOStrategy_DownloadMode;
export type DownloadMode = IOStrategy_DownloadMode;
/** When the copilot uploads outputs. */
export const UploadMode = IOStrategy_UploadMode;
export type UploadMode = IOStrategy_UploadMode;

/**
 * How inputs and outputs move in and out of the container. flytekit conflates the two enums (its
 * `IOStrategy.UPLOAD_ON_EXIT` equals `DOWNLOAD_EAGER`) and fails to serialize this; here each mode
 * has its own enum and is written to `DataLoadingConfig.io_strategy`.
 */
export interface IOStrategy {
  /** @default DownloadMode.DOWNLOAD_EAGER */
  downloadMode?: DownloadMode;
  /** @default UploadMode.UPLOAD_ON_EXIT */
  uploadMode?: UploadMode;
}

/** Options of {@link ContainerTask}. */
export interface ContainerTaskOptions {
  /** The task's name. */
  name: string;
  /** The image to run: a reference, an image placeholder, or an {@link ImageSpec}. */
  image: string | ImageSpec;
  /** The command (replaces the image's entrypoint). `{{.inputs.<name>}}` is rendered by propeller. */
  command: readonly string[];
  /** Arguments after the command. @default [] */
  arguments?: readonly string[];
  /** Inputs in declaration order. @default {} */
  inputs?: InputsInit;
  /** Outputs, each read from a file of its name in `outputDataDir`. @default {} */
  outputs?: OutputsInit;
  /** Caching, retries, timeout and more. @default new TaskMetadata() */
  metadata?: TaskMetadata | TaskMetadataOptions;
  /** Resource requests. Not with `resources`. @default none */
  requests?: Resources;
  /** Resource limits. Not with `resources`. @default none */
  limits?: Resources;
  /** Requests, or `[request, limit]` pairs. Not with `requests`/`limits`. @default none */
  resources?: Resources;
  /** Where inputs are written inside the container, e.g. `/var/inputs`. @default "" */
  inputDataDir?: string;
  /** Where the container writes outputs, e.g. `/var/outputs`. @default "" */
  outputDataDir?: string;
  /** Format of the metadata file written beside the inputs. @default MetadataFormat.JSON */
  metadataFormat?: MetadataFormat;
  /** How inputs and outputs are moved. @default none (the copilot's defaults) */
  ioStrategy?: IOStrategy;
  /** Secrets the container reads. @default [] */
  secretRequests?: readonly Secret[];
  /** A custom pod around the container. @default none */
  podTemplate?: PodTemplate;
  /** The name of a PodTemplate resource in the cluster. @default none */
  podTemplateName?: string;
  /** Stream the container's logs when run locally. @default false */
  localLogs?: boolean;
  /** Environment variables of the container. @default {} */
  environment?: Readonly<Record<string, string>>;
  /** Documentation registered with the task. @default none */
  docs?: Documentation;
  /** The module and export key the task is bound to. @default filled in by the transformer */
  tracking?: TrackingInfo;
}

/** The task type of {@link ContainerTask}. */
export const RAW_CONTAINER_TASK_TYPE = "raw-container";

/**
 * Runs any image with a command: Flyte's raw container task. Inputs reach the container through
 * `{{.inputs.<name>}}` in the command and as files in `inputDataDir`; outputs are read from files in
 * `outputDataDir`. No flytekit-ts code runs inside the container.
 */
export class ContainerTask extends NativeTask<undefined> {
  readonly image: string | ImageSpec;
  readonly command: readonly string[];
  readonly arguments: readonly string[];
  readonly resources: ResourceSpec;
  readonly inputDataDir: string;
  readonly outputDataDir: string;
  readonly metadataFormat: MetadataFormat;
  readonly ioStrategy: Readonly<IOStrategy> | undefined;
  readonly podTemplate: PodTemplate | undefined;
  readonly localLogs: boolean;

  constructor(options: ContainerTaskOptions) {
    const metadata =
      options.podTemplateName === undefined
        ? options.metadata
        : toTaskMetadata(options.metadata).with({ podTemplateName: options.podTemplateName });
    const securityContext = securityContextFor(options.secretRequests, options.name);
    super({
      taskType: RAW_CONTAINER_TASK_TYPE,
      name: options.name,
      ...(options.inputs === undefined ? {} : { inputs: options.inputs }),
      ...(options.outputs === undefined ? {} : { outputs: options.outputs }),
      ...(metadata === undefined ? {} : { metadata }),
      ...(securityContext === undefined ? {} : { securityContext }),
      ...(options.environment === undefined ? {} : { environment: options.environment }),
      ...(options.docs === undefined ? {} : { docs: options.docs }),
      ...(options.tracking === undefined ? {} : { tracking: options.tracking }),
    });
    this.image = options.image;
    this.command = [...options.command];
    this.arguments = [...(options.arguments ?? [])];
    this.resources = ResourceSpec.fromOptions(options, options.name);
    this.inputDataDir = options.inputDataDir ?? "";
    this.outputDataDir = options.outputDataDir ?? "";
    this.metadataFormat = options.metadataFormat ?? MetadataFormat.JSON;
    this.ioStrategy = options.ioStrategy === undefined ? undefined : { ...options.ioStrategy };
    this.podTemplate = options.podTemplate;
    this.localLogs = options.localLogs ?? false;
  }

  /** The image reference this task registers with. */
  getImage(settings: SerializationSettings): string {
    return resolveImage(this.image, settings.imageConfig);
  }

  /** The data loading config the copilot sidecar follows. */
  getDataLoadingConfig(): DataLoadingConfig {
    return create(DataLoadingConfigSchema, {
      enabled: true,
      inputPath: this.inputDataDir,
      outputPath: this.outputDataDir,
      format: this.metadataFormat,
      ...(this.ioStrategy === undefined
        ? {}
        : {
            ioStrategy: create(IOStrategySchema, {
              downloadMode: this.ioStrategy.downloadMode ?? DownloadMode.DOWNLOAD_EAGER,
              uploadMode: this.ioStrategy.uploadMode ?? UploadMode.UPLOAD_ON_EXIT,
            }),
          }),
    });
  }

  #buildContainer(settings: SerializationSettings, withDataConfig: boolean): Container {
    return create(ContainerSchema, {
      image: this.getImage(settings),
      command: [...this.command],
      args: [...this.arguments],
      resources: this.resources.toModel(),
      env: containerEnv(settings.env, this.environment),
      config: [],
      ...(withDataConfig ? { dataConfig: this.getDataLoadingConfig() } : {}),
    });
  }

  override getContainer(settings: SerializationSettings): Container | undefined {
    return this.podTemplate === undefined ? this.#buildContainer(settings, true) : undefined;
  }

  override getK8sPod(settings: SerializationSettings): K8sPod | undefined {
    if (this.podTemplate === undefined) return undefined;
    const pod = toK8sPod(this.podTemplate, this.#buildContainer(settings, false), settings, this.name);
    pod.dataConfig = this.getDataLoadingConfig();
    return pod;
  }

  override getConfig(_settings: SerializationSettings): Record<string, string> {
    return this.podTemplate === undefined
      ? {}
      : { primary_container_name: this.podTemplate.primaryContainerName };
  }
}
