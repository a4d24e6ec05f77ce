import { create } from "@bufbuild/protobuf";
import {
  type Container,
  ContainerSchema,
  type ExtendedResources,
  type K8sPod,
} from "../gen/flyteidl/core/tasks_pb.js";
import type { ImageSpec } from "../images/image-spec.js";
import { resolveImage } from "../images/resolve-image.js";
import type { TaskMetadata, TaskMetadataOptions } from "../metadata/task-metadata.js";
import type { PodTemplate } from "../pod/pod-template.js";
import { toK8sPod } from "../pod/serialize-pod-spec.js";
import { ResourceSpec, type Resources } from "../resources/resources.js";
import type { Secret } from "../security/secret.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { defaultTaskCommand, fastExecuteCommand } from "./commands.js";
import { type Accelerator, containerEnv, extendedResources, type SharedMemory } from "./container-parts.js";
import { defaultTaskResolver } from "./default-task-resolver.js";
import { NativeTask, type NativeTaskOptions } from "./native-task.js";
import { securityContextFor } from "./secret-requests.js";
import { toTaskMetadata } from "./task.js";
import type { TaskResolver } from "./task-resolver.js";

/** The task type of tasks that run TypeScript code through `tsflyte-execute` (as flytekit-java's `java-task`). */
export const TYPESCRIPT_TASK_TYPE = "typescript-task";

/** Options of {@link AutoContainerTask}. */
export interface AutoContainerTaskOptions<C = unknown>
  extends Omit<NativeTaskOptions<C>, "taskType" | "securityContext"> {
  /** The Flyte task type. @default "typescript-task" */
  taskType?: string;
  /**
   * The image: a reference, an image placeholder (`{{.image.gpu.fqn}}:{{.image.gpu.version}}`) or an
   * {@link ImageSpec}. @default the serialization settings' default image
   */
  image?: string | ImageSpec;
  /** Resource requests. Not with `resources`. @default none */
  requests?: Resources;
  /** Resource limits. Not with `resources`. @default none */
  limits?: Resources;
  /** Requests, or `[request, limit]` pairs, in one option. Not with `requests`/`limits`. @default none */
  resources?: Resources;
  /** The resolver that finds the task again at run time. @default defaultTaskResolver (module and key) */
  taskResolver?: TaskResolver;
  /** Secrets the task reads at run time. @default [] */
  secretRequests?: readonly Secret[];
  /** A custom pod around the task's container. @default none */
  podTemplate?: PodTemplate;
  /** The name of a PodTemplate resource in the cluster; overrides `metadata.podTemplateName`. @default none */
  podTemplateName?: string;
  /** A GPU for the task. @default none */
  accelerator?: Accelerator;
  /** Shared memory at /dev/shm. @default none */
  sharedMemory?: SharedMemory;
  /** Pod labels, stored in the task metadata. @default {} */
  labels?: Readonly<Record<string, string>>;
  /** Pod annotations, stored in the task metadata. @default {} */
  annotations?: Readonly<Record<string, string>>;
}

function metadataFor(
  options: AutoContainerTaskOptions<unknown>,
): TaskMetadata | TaskMetadataOptions | undefined {
  const { podTemplateName, labels, annotations } = options;
  if (podTemplateName === undefined && labels === undefined && annotations === undefined)
    return options.metadata;
  return toTaskMetadata(options.metadata).with({
    ...(podTemplateName === undefined ? {} : { podTemplateName }),
    ...(labels === undefined ? {} : { labels }),
    ...(annotations === undefined ? {} : { annotations }),
  });
}

/**
 * A task whose container is the user's image running `tsflyte-execute` (flytekit's
 * `PythonAutoContainerTask`): the base of function tasks and instance tasks.
 */
export class AutoContainerTask<C = unknown> extends NativeTask<C> {
  readonly containerImage: string | ImageSpec | undefined;
  readonly resources: ResourceSpec;
  readonly taskResolver: TaskResolver;
  readonly podTemplate: PodTemplate | undefined;
  readonly accelerator: Accelerator | undefined;
  readonly sharedMemory: SharedMemory | undefined;
  #commandFn: ((settings: SerializationSettings) => string[]) | undefined;

  constructor(options: AutoContainerTaskOptions<C>) {
    const name = options.name ?? options.tracking?.key ?? "<unnamed>";
    const metadata = metadataFor(options);
    const securityContext = securityContextFor(options.secretRequests, name);
    super({
      ...options,
      taskType: options.taskType ?? TYPESCRIPT_TASK_TYPE,
      ...(metadata === undefined ? {} : { metadata }),
      ...(securityContext === undefined ? {} : { securityContext }),
    });
    this.containerImage = options.image;
    this.resources = ResourceSpec.fromOptions(options, name);
    this.taskResolver = options.taskResolver ?? defaultTaskResolver;
    this.podTemplate = options.podTemplate;
    this.accelerator = options.accelerator;
    this.sharedMemory = options.sharedMemory;
  }

  /** The image reference this task registers with. */
  getImage(settings: SerializationSettings): string {
    return resolveImage(this.containerImage, settings.imageConfig);
  }

  /** The container args: `tsflyte-execute ... --resolver <location> -- <loader args>`. */
  getDefaultCommand(settings: SerializationSettings): string[] {
    return defaultTaskCommand(this.taskResolver.location, this.taskResolver.loaderArgs(settings, this));
  }

  /**
   * The container args: the command function's, if one is set, else {@link getDefaultCommand}. With
   * fast registration, the default command behind the fast entrypoint (as flytekit's serializer
   * replaces the command of a fast-registered task).
   */
  getCommand(settings: SerializationSettings): string[] {
    if (this.#commandFn !== undefined) return this.#commandFn(settings);
    const fast = settings.fastSerialization;
    if (fast !== undefined) return fastExecuteCommand(fast, this.getDefaultCommand(settings));
    return this.getDefaultCommand(settings);
  }

  /** Replaces how the container args are built (e.g. to wrap the entrypoint). */
  setCommandFn(commandFn: (settings: SerializationSettings) => string[]): void {
    this.#commandFn = commandFn;
  }

  /** Goes back to {@link getDefaultCommand}. */
  resetCommandFn(): void {
    this.#commandFn = undefined;
  }

  /** Resources to write: the task's own, else the settings' defaults. */
  protected effectiveResources(settings: SerializationSettings): ResourceSpec {
    return this.resources.isEmpty && settings.defaultResources !== undefined
      ? settings.defaultResources
      : this.resources;
  }

  /** The task's container, whether it goes into the template or into a pod template's primary container. */
  protected buildContainer(settings: SerializationSettings): Container {
    return create(ContainerSchema, {
      image: this.getImage(settings),
      command: [],
      args: this.getCommand(settings),
      resources: this.effectiveResources(settings).toModel(),
      env: containerEnv(settings.env, this.environment),
      config: [],
    });
  }

  /** The container, or `undefined` when the task has a pod template. */
  override getContainer(settings: SerializationSettings): Container | undefined {
    return this.podTemplate === undefined ? this.buildContainer(settings) : undefined;
  }

  /** The pod, when the task has a pod template. */
  override getK8sPod(settings: SerializationSettings): K8sPod | undefined {
    if (this.podTemplate === undefined) return undefined;
    return toK8sPod(this.podTemplate, this.buildContainer(settings), settings, this.name);
  }

  /** `{}`, or `{ primary_container_name }` with a pod template. */
  override getConfig(_settings: SerializationSettings): Record<string, string> {
    return this.podTemplate === undefined
      ? {}
      : { primary_container_name: this.podTemplate.primaryContainerName };
  }

  override getExtendedResources(_settings: SerializationSettings): ExtendedResources | undefined {
    return extendedResources(this.accelerator, this.sharedMemory, this.explicitName ?? "<unnamed>");
  }
}
