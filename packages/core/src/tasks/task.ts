import { create } from "@bufbuild/protobuf";
import type { TypedInterface } from "../gen/flyteidl/core/interface_pb.js";
import { TypedInterfaceSchema, VariableMapSchema } from "../gen/flyteidl/core/interface_pb.js";
import type { Container, ExtendedResources, K8sPod, Sql } from "../gen/flyteidl/core/tasks_pb.js";
import type { NodeMetadata } from "../gen/flyteidl/core/workflow_pb.js";
import type { Documentation } from "../metadata/documentation.js";
import { TaskMetadata, type TaskMetadataOptions } from "../metadata/task-metadata.js";
import { nodeMetadata } from "../nodes/workflow-node.js";
import type { SecurityContext } from "../security/security-context.js";
import type { SerializationSettings } from "../settings/serialization-settings.js";
import { TrackedInstance } from "../tracking/tracked-instance.js";
import type { TrackingInfo } from "../tracking/tracking.js";
import type { TypeDescriptor } from "../types/descriptor.js";
import type { JsonObject } from "../wire/struct.js";

/** Options of {@link Task}. */
export interface TaskOptions {
  /** The Flyte task type; propeller picks the plugin that runs the task by it. */
  taskType: string;
  /** The task's name, unique in its project. @default its location `module.key` (needs tracking) */
  name?: string;
  /** The task's Flyte interface. @default no inputs, no outputs */
  interface?: TypedInterface;
  /** Caching, retries, timeout and more. @default new TaskMetadata() */
  metadata?: TaskMetadata | TaskMetadataOptions;
  /** The version of the task type's plugin contract. @default 0 */
  taskTypeVersion?: number;
  /** Who the task runs as and the secrets it needs. @default none */
  securityContext?: SecurityContext;
  /** Documentation registered with the task. @default none */
  docs?: Documentation;
  /** The module and export key the task is bound to; the compiler transformer fills this in. @default none */
  tracking?: TrackingInfo;
}

/** Accepts a {@link TaskMetadata} or its options. */
export function toTaskMetadata(metadata: TaskMetadata | TaskMetadataOptions | undefined): TaskMetadata {
  return metadata instanceof TaskMetadata ? metadata : new TaskMetadata(metadata);
}

/**
 * The base of all tasks, closest to Flyte's `TaskTemplate` (flytekit's `Task`). Subclasses fill in
 * the template through the `get*` hooks, which all return `undefined` here.
 */
export class Task extends TrackedInstance {
  readonly taskType: string;
  /** The name given in the options, if any (see {@link Task.name}). */
  readonly explicitName: string | undefined;
  readonly metadata: TaskMetadata;
  readonly taskTypeVersion: number;
  readonly securityContext: SecurityContext | undefined;
  readonly docs: Documentation | undefined;
  readonly #interface: TypedInterface | undefined;

  constructor(options: TaskOptions) {
    super(options.tracking);
    this.taskType = options.taskType;
    this.explicitName = options.name;
    this.#interface = options.interface;
    this.metadata = toTaskMetadata(options.metadata);
    this.taskTypeVersion = options.taskTypeVersion ?? 0;
    this.securityContext = options.securityContext;
    this.docs = options.docs;
  }

  /** The docs registered with the task (`TaskSpec.description`): its `docs` option, if any. */
  documentation(): Documentation | undefined {
    return this.docs;
  }

  /** The task's name: the explicit one, else its location `module.key`. */
  get name(): string {
    return this.explicitName ?? this.location;
  }

  /** The task's Flyte interface. */
  get interface(): TypedInterface {
    return (
      this.#interface ??
      create(TypedInterfaceSchema, { inputs: create(VariableMapSchema), outputs: create(VariableMapSchema) })
    );
  }

  /**
   * The metadata of a workflow node running this task (flytekit's `construct_node_metadata`): the
   * last part of the task's name, its retries, timeout and interruptibility.
   */
  constructNodeMetadata(): NodeMetadata {
    const { retries, timeout, interruptible } = this.metadata;
    return nodeMetadata({ name: this.name, retries, timeout, interruptible });
  }

  /** Plugin-specific data for `TaskTemplate.custom`. */
  getCustom(_settings: SerializationSettings): JsonObject | undefined {
    return undefined;
  }

  /** Plugin configuration for `TaskTemplate.config`. */
  getConfig(_settings: SerializationSettings): Record<string, string> | undefined {
    return undefined;
  }

  /** The container the task runs in on a cluster. */
  getContainer(_settings: SerializationSettings): Container | undefined {
    return undefined;
  }

  /** The pod the task runs in on a cluster (instead of a container). */
  getK8sPod(_settings: SerializationSettings): K8sPod | undefined {
    return undefined;
  }

  /** The SQL statement of SQL tasks. */
  getSql(_settings: SerializationSettings): Sql | undefined {
    return undefined;
  }

  /** GPUs and shared memory. */
  getExtendedResources(_settings: SerializationSettings): ExtendedResources | undefined {
    return undefined;
  }

  /** Native input types by name; `undefined` for tasks without a native interface. */
  getInputTypes(): ReadonlyMap<string, TypeDescriptor> | undefined {
    return undefined;
  }

  /** The native type of input `name`; `undefined` for tasks without a native interface. */
  getTypeForInputVar(_name: string): TypeDescriptor | undefined {
    return undefined;
  }

  /** The native type of output `name`; `undefined` for tasks without a native interface. */
  getTypeForOutputVar(_name: string): TypeDescriptor | undefined {
    return undefined;
  }
}

/**
 * Is `value` a task? Also true for the callable tasks `task()` returns and for tasks made by
 * another copy of this package (where `instanceof` would say no).
 */
export function isTask(value: unknown): value is Task {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    "taskType" in value &&
    typeof (value as { taskType: unknown }).taskType === "string"
  );
}
