import { create } from "@bufbuild/protobuf";
import { FlyteMissingBuildStepError, FlyteNotImplementedError } from "../errors/flyte-error.js";
import { type Container, ContainerSchema, type TaskTemplate } from "../gen/flyteidl/core/tasks_pb.js";
import { Image } from "../images/image.js";
import { ImageConfig } from "../images/image-config.js";
import type { ImageSpec } from "../images/image-spec.js";
import { resolveImage } from "../images/resolve-image.js";
import { ResourceSpec, type Resources } from "../resources/resources.js";
import type { Secret } from "../security/secret.js";
import { SerializationSettings } from "../settings/serialization-settings.js";
import { BUILD_STEP_HINT } from "../tracking/tracked-instance.js";
import { exportLocation, trackingOf } from "../tracking/tracking.js";
import type { JsonObject } from "../wire/struct.js";
import { TYPESCRIPT_TASK_TYPE } from "./auto-container-task.js";
import { templateTaskCommand } from "./commands.js";
import { containerEnv } from "./container-parts.js";
import { NativeTask, type NativeTaskOptions } from "./native-task.js";
import { securityContextFor } from "./secret-requests.js";
import type { ShimTaskExecutorClass } from "./shim-task.js";
import type { TaskResolver } from "./task-resolver.js";
import { toTaskTemplate } from "./task-template.js";
import { defaultTaskTemplateResolver } from "./task-template-resolver.js";

/** Options of {@link CustomizedContainerTask}. */
export interface CustomizedContainerTaskOptions<C>
  extends Omit<NativeTaskOptions<C>, "taskType" | "securityContext"> {
  /** The task's name. */
  name: string;
  /** The plugin's image, which holds the executor. */
  image: string | ImageSpec;
  /** The executor class that runs the task from its template. */
  executorType: ShimTaskExecutorClass;
  /**
   * Where `tsflyte-execute` imports the executor class from (`<module>:<export>`).
   * @default the class's recorded export (the transformer records exported classes)
   */
  executorLocation?: string;
  /** The Flyte task type, e.g. `"sqlite"`. @default "typescript-task" */
  taskType?: string;
  /** The resolver. @default defaultTaskTemplateResolver */
  taskResolver?: TaskResolver;
  /** Resource requests. @default none */
  requests?: Resources;
  /** Resource limits. @default none */
  limits?: Resources;
  /** Secrets the executor reads. @default [] */
  secretRequests?: readonly Secret[];
}

/** What `taskTemplate` is serialized with when nobody passed settings (flytekit's `SERIALIZE_SETTINGS`). */
const PLACEHOLDER_SETTINGS = new SerializationSettings({
  project: "PLACEHOLDER_PROJECT",
  domain: "LOCAL",
  version: "PLACEHOLDER_VERSION",
  imageConfig: new ImageConfig({
    defaultImage: new Image({ name: "custom_container_task", fqn: "flyteorg.io/placeholder", tag: "image" }),
  }),
});

/**
 * A plugin task whose container is the plugin author's image and whose logic is a
 * {@link ShimTaskExecutor} that sees only the serialized template (flytekit's
 * `PythonCustomizedContainerTask`). Subclasses must override {@link getCustom} with everything the
 * executor needs.
 */
export class CustomizedContainerTask<C = unknown> extends NativeTask<C> {
  readonly containerImage: string | ImageSpec;
  readonly executorType: ShimTaskExecutorClass;
  readonly taskResolver: TaskResolver;
  readonly resources: ResourceSpec;
  readonly #executorLocation: string | undefined;
  #taskTemplate: TaskTemplate | undefined;

  constructor(options: CustomizedContainerTaskOptions<C>) {
    const securityContext = securityContextFor(options.secretRequests, options.name);
    super({
      ...options,
      taskType: options.taskType ?? TYPESCRIPT_TASK_TYPE,
      ...(securityContext === undefined ? {} : { securityContext }),
    });
    this.containerImage = options.image;
    this.executorType = options.executorType;
    this.taskResolver = options.taskResolver ?? defaultTaskTemplateResolver;
    this.resources = ResourceSpec.fromOptions(
      { requests: options.requests, limits: options.limits },
      options.name,
    );
    this.#executorLocation = options.executorLocation;
  }

  /** Where `tsflyte-execute` imports the executor class from. @throws FlyteMissingBuildStepError when unknown. */
  get executorLocation(): string {
    if (this.#executorLocation !== undefined) return this.#executorLocation;
    const tracking = trackingOf(this.executorType);
    if (tracking === undefined) {
      throw new FlyteMissingBuildStepError(
        `Task ${this.name}: the location of executor class ${this.executorType.name} is unknown. Export the class and ${BUILD_STEP_HINT}, or pass \`executorLocation: "<module>:<export>"\``,
      );
    }
    return exportLocation(tracking);
  }

  /** Everything the executor needs, written to `TaskTemplate.custom`. Subclasses must override it. */
  override getCustom(_settings: SerializationSettings): JsonObject | undefined {
    throw new FlyteNotImplementedError(
      `${this.constructor.name} (task ${this.name}) must override getCustom(settings): the executor sees only the task template, so getCustom must return everything it needs`,
    );
  }

  override getConfig(_settings: SerializationSettings): Record<string, string> {
    return {};
  }

  /** The image reference this task registers with. */
  getImage(settings: SerializationSettings): string {
    return resolveImage(this.containerImage, settings.imageConfig);
  }

  /** The container args: `tsflyte-execute ... --resolver <location> -- {{.taskTemplatePath}} <executor>`. */
  getCommand(settings: SerializationSettings): string[] {
    return templateTaskCommand(this.taskResolver.location, this.taskResolver.loaderArgs(settings, this));
  }

  override getContainer(settings: SerializationSettings): Container {
    return create(ContainerSchema, {
      image: this.getImage(settings),
      command: [],
      args: this.getCommand(settings),
      resources: this.resources.toModel(),
      env: containerEnv(settings.env, this.environment),
      config: [],
    });
  }

  /** The task template (what the executor sees), serialized with `settings`; also kept as {@link taskTemplate}. */
  serializeToModel(settings: SerializationSettings): TaskTemplate {
    this.#taskTemplate = toTaskTemplate(this, settings);
    return this.#taskTemplate;
  }

  /**
   * Runs the task locally as its executor runs it on a cluster: from the serialized template and
   * the native inputs (flytekit's `execute` in local mode). Returns the native output(s).
   */
  execute(inputs: Readonly<Record<string, unknown>>): unknown {
    return new this.executorType().executeFromModel(this.taskTemplate, inputs);
  }

  /** The last serialized template, or one serialized with placeholder settings. */
  get taskTemplate(): TaskTemplate {
    return this.#taskTemplate ?? this.serializeToModel(PLACEHOLDER_SETTINGS);
  }
}
