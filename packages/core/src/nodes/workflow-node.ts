import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { FlyteValidationError } from "../errors/flyte-error.js";
import type { Identifier } from "../gen/flyteidl/core/identifier_pb.js";
import { type Binding, RetryStrategySchema } from "../gen/flyteidl/core/literals_pb.js";
import {
  type ArrayNode,
  BranchNodeSchema,
  type IfElseBlock,
  type Node,
  type NodeMetadata,
  NodeMetadataSchema,
  NodeSchema,
  TaskNodeOverridesSchema,
  TaskNodeSchema,
  WorkflowNodeSchema,
} from "../gen/flyteidl/core/workflow_pb.js";
import { normaliseTimeout, type TimeoutValue } from "../metadata/task-metadata.js";
import { ResourceSpec, type Resources } from "../resources/resources.js";

/** Per-call options of a node (flytekit's `with_overrides`). Unset options keep the task's own. */
export interface NodeOverrides {
  /** The node's display name. @default the last part of the task's name */
  name?: string;
  /** Timeout of the node: seconds or `{ seconds, nanos }`. @default the task's */
  timeout?: TimeoutValue;
  /** Retries of the node. @default the task's */
  retries?: number;
  /** Whether the node may run on interruptible (spot) machines. @default the task's */
  interruptible?: boolean;
  /** Cache the node's outputs. Needs `cacheVersion`. @default the task's */
  cache?: boolean;
  /** The cache version of the node. @default the task's */
  cacheVersion?: string;
  /** Run at most one instance per cache key at a time. @default the task's */
  cacheSerialize?: boolean;
  /** CPU/memory/GPU requests of the node's task (TaskNodeOverrides). @default the task's */
  requests?: Resources;
  /** CPU/memory/GPU limits of the node's task. @default the task's */
  limits?: Resources;
  /** The image the node's task runs in. @default the task's */
  containerImage?: string;
}

/** What a node runs: a task, a workflow (sub-workflow) or a launch plan. */
export interface NodeEntity {
  readonly name: string;
  constructNodeMetadata(): NodeMetadata;
}

/** The last part of a dotted name: flytekit's `extract_obj_name` (node display names). */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf(".") + 1);
}

/**
 * A node of a workflow being built (flytekit's `Node`): what it runs, how its inputs are bound,
 * the nodes it waits for, its metadata and overrides.
 */
export class WorkflowNode {
  readonly id: string;
  readonly entity: NodeEntity;
  /** Input bindings, sorted by input name (as flytekit writes them). */
  readonly bindings: readonly Binding[];
  readonly #upstream: WorkflowNode[];
  readonly metadata: NodeMetadata;
  #resources: ResourceSpec | undefined;
  #containerImage = "";

  constructor(
    id: string,
    entity: NodeEntity,
    bindings: readonly Binding[],
    upstream: readonly WorkflowNode[],
  ) {
    this.id = id;
    this.entity = entity;
    this.bindings = [...bindings].sort((a, b) => (a.var < b.var ? -1 : a.var > b.var ? 1 : 0));
    this.#upstream = [...new Set(upstream)];
    this.metadata = entity.constructNodeMetadata();
  }

  /** The nodes this one runs after: those its inputs come from, and any added with {@link runsBefore}. */
  get upstream(): readonly WorkflowNode[] {
    return this.#upstream;
  }

  /** Resource overrides of a task node, if any. */
  get resources(): ResourceSpec | undefined {
    return this.#resources;
  }

  /** The image override of a task node, if any. */
  get containerImage(): string {
    return this.#containerImage;
  }

  /** Makes `other` wait for this node (an explicit dependency without data flow). */
  runsBefore(other: WorkflowNode): void {
    if (other === this) throw new FlyteValidationError(`node ${this.id} cannot run before itself`);
    if (!other.#upstream.includes(this)) other.#upstream.push(this);
  }

  /**
   * Applies per-call options.
   * @throws FlyteValidationError for a bad timeout or retries, or caching without a version.
   */
  applyOverrides(overrides: NodeOverrides): void {
    const { metadata } = this;
    if (overrides.name !== undefined) metadata.name = overrides.name;
    if (overrides.timeout !== undefined) {
      const timeout = normaliseTimeout(overrides.timeout);
      if (timeout === undefined) delete metadata.timeout;
      else
        metadata.timeout = create(DurationSchema, { seconds: BigInt(timeout.seconds), nanos: timeout.nanos });
    }
    if (overrides.retries !== undefined) {
      if (!Number.isInteger(overrides.retries) || overrides.retries < 0) {
        throw new FlyteValidationError(`retries must be a non-negative integer, got ${overrides.retries}`);
      }
      metadata.retries = create(RetryStrategySchema, { retries: overrides.retries });
    }
    if (overrides.interruptible !== undefined) {
      metadata.interruptibleValue = { case: "interruptible", value: overrides.interruptible };
    }
    if (overrides.cache !== undefined) {
      if (
        overrides.cache &&
        overrides.cacheVersion === undefined &&
        metadata.cacheVersionValue.case === undefined
      ) {
        throw new FlyteValidationError(`node ${this.id}: cache needs a cacheVersion`);
      }
      metadata.cacheableValue = { case: "cacheable", value: overrides.cache };
    }
    if (overrides.cacheVersion !== undefined) {
      metadata.cacheVersionValue = { case: "cacheVersion", value: overrides.cacheVersion };
    }
    if (overrides.cacheSerialize !== undefined) {
      metadata.cacheSerializableValue = { case: "cacheSerializable", value: overrides.cacheSerialize };
    }
    if (overrides.requests !== undefined || overrides.limits !== undefined) {
      this.#resources = ResourceSpec.fromOptions(
        { requests: overrides.requests, limits: overrides.limits },
        this.entity.name,
      );
    }
    if (overrides.containerImage !== undefined) this.#containerImage = overrides.containerImage;
  }

  /**
   * The `flyteidl.core.Node`, as flytekit's translator writes it: metadata, sorted bindings,
   * upstream ids, no aliases, and a task node (with its always-present overrides) or a workflow node.
   */
  toModel(
    target:
      | { task: Identifier }
      | { subWorkflow: Identifier }
      | { launchPlan: Identifier }
      | { branch: IfElseBlock }
      | { array: ArrayNode },
  ): Node {
    return create(NodeSchema, {
      id: this.id,
      metadata: this.metadata,
      inputs: [...this.bindings],
      upstreamNodeIds: this.#upstream.map((node) => node.id),
      outputAliases: [],
      target:
        "array" in target
          ? { case: "arrayNode", value: target.array }
          : "branch" in target
            ? { case: "branchNode", value: create(BranchNodeSchema, { ifElse: target.branch }) }
            : "task" in target
              ? {
                  case: "taskNode",
                  value: create(TaskNodeSchema, {
                    reference: { case: "referenceId", value: target.task },
                    overrides: create(TaskNodeOverridesSchema, {
                      ...(this.#resources === undefined ? {} : { resources: this.#resources.toModel() }),
                      containerImage: this.#containerImage,
                    }),
                  }),
                }
              : {
                  case: "workflowNode",
                  value: create(WorkflowNodeSchema, {
                    reference:
                      "subWorkflow" in target
                        ? { case: "subWorkflowRef", value: target.subWorkflow }
                        : { case: "launchplanRef", value: target.launchPlan },
                  }),
                },
    });
  }
}

/** NodeMetadata with flytekit's presence: name, retries always; timeout when set; interruptible when set. */
export function nodeMetadata(init: {
  name: string;
  retries?: number;
  timeout?: { seconds: number; nanos: number } | undefined;
  interruptible?: boolean | undefined;
}): NodeMetadata {
  return create(NodeMetadataSchema, {
    name: shortName(init.name),
    ...(init.retries === undefined
      ? {}
      : { retries: create(RetryStrategySchema, { retries: init.retries }) }),
    ...(init.timeout === undefined
      ? {}
      : {
          timeout: create(DurationSchema, {
            seconds: BigInt(init.timeout.seconds),
            nanos: init.timeout.nanos,
          }),
        }),
    ...(init.interruptible === undefined
      ? {}
      : { interruptibleValue: { case: "interruptible", value: init.interruptible } }),
  });
}
