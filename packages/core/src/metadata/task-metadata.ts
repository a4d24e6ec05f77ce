import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { FlyteValidationError } from "../errors/flyte-error.js";
import { RetryStrategySchema } from "../gen/flyteidl/core/literals_pb.js";
import {
  K8sObjectMetadataSchema,
  RuntimeMetadata_RuntimeType,
  RuntimeMetadataSchema,
  type TaskMetadata as TaskMetadataMessage,
  TaskMetadataSchema,
} from "../gen/flyteidl/core/tasks_pb.js";
import { VERSION } from "../version.js";
import { sortedRecord } from "../wire/sorted-record.js";

/** A span of time: whole seconds, or seconds plus nanoseconds. */
export type TimeoutValue = number | { readonly seconds: number; readonly nanos?: number };

/** Options of {@link TaskMetadata}; they mirror flytekit's `TaskMetadata` fields. */
export interface TaskMetadataOptions {
  /** Cache outputs by inputs. Needs `cacheVersion`. @default false */
  cache?: boolean;
  /** Run at most one instance per cache key at a time. Needs `cache`. @default false */
  cacheSerialize?: boolean;
  /** The cache version: change it to invalidate cached outputs. @default "" */
  cacheVersion?: string;
  /** Inputs left out of the cache key. Needs `cache`. @default [] */
  cacheIgnoreInputVars?: readonly string[];
  /** Whether the task may run on interruptible (spot) nodes; unset inherits the workflow's. @default undefined */
  interruptible?: boolean;
  /** A deprecation message shown on registration and launch. @default "" */
  deprecated?: string;
  /** How many times a failed attempt is retried. @default 0 */
  retries?: number;
  /** Maximum run time of one attempt: whole seconds, or `{seconds, nanos}`. @default none */
  timeout?: TimeoutValue;
  /** The name of a PodTemplate resource in the cluster to build the pod from. @default none */
  podTemplateName?: string;
  /** Whether the task produces a Flyte Deck. @default false */
  generatesDeck?: boolean;
  /** Whether the task is an eager workflow. @default false */
  isEager?: boolean;
  /** Kubernetes labels for the task's pod. @default {} */
  labels?: Readonly<Record<string, string>>;
  /** Kubernetes annotations for the task's pod. @default {} */
  annotations?: Readonly<Record<string, string>>;
}

export function normaliseTimeout(timeout: unknown): { seconds: number; nanos: number } | undefined {
  if (timeout === undefined || timeout === null || timeout === 0) return undefined;
  if (typeof timeout === "number" && Number.isInteger(timeout) && timeout > 0) {
    return { seconds: timeout, nanos: 0 };
  }
  if (typeof timeout === "object") {
    const { seconds, nanos = 0 } = timeout as { seconds?: unknown; nanos?: unknown };
    if (
      typeof seconds === "number" &&
      Number.isInteger(seconds) &&
      typeof nanos === "number" &&
      Number.isInteger(nanos) &&
      seconds >= 0 &&
      nanos >= 0 &&
      nanos < 1e9
    ) {
      return seconds === 0 && nanos === 0 ? undefined : { seconds, nanos };
    }
  }
  throw new FlyteValidationError(
    `timeout should be duration represented as either a {seconds, nanos} duration or int seconds, got ${JSON.stringify(timeout)}`,
  );
}

/** Task metadata: caching, retries, timeout, interruptibility and more. Validated on construction. */
export class TaskMetadata {
  readonly cache: boolean;
  readonly cacheSerialize: boolean;
  readonly cacheVersion: string;
  readonly cacheIgnoreInputVars: readonly string[];
  readonly interruptible: boolean | undefined;
  readonly deprecated: string;
  readonly retries: number;
  readonly timeout: { readonly seconds: number; readonly nanos: number } | undefined;
  readonly podTemplateName: string | undefined;
  readonly generatesDeck: boolean;
  readonly isEager: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;

  /**
   * @throws FlyteValidationError with flytekit's messages: caching without a version,
   *   `cacheSerialize` or `cacheIgnoreInputVars` without caching, a malformed timeout, negative retries.
   */
  constructor(options: TaskMetadataOptions = {}) {
    this.cache = options.cache ?? false;
    this.cacheSerialize = options.cacheSerialize ?? false;
    this.cacheVersion = options.cacheVersion ?? "";
    this.cacheIgnoreInputVars = [...(options.cacheIgnoreInputVars ?? [])];
    this.interruptible = options.interruptible;
    this.deprecated = options.deprecated ?? "";
    this.retries = options.retries ?? 0;
    this.timeout = normaliseTimeout(options.timeout);
    this.podTemplateName = options.podTemplateName;
    this.generatesDeck = options.generatesDeck ?? false;
    this.isEager = options.isEager ?? false;
    this.labels = { ...options.labels };
    this.annotations = { ...options.annotations };
    if (this.cache && this.cacheVersion === "") {
      throw new FlyteValidationError("Caching is enabled ``cache=True`` but ``cache_version`` is not set.");
    }
    if (this.cacheSerialize && !this.cache) {
      throw new FlyteValidationError(
        "Cache serialize is enabled ``cache_serialize=True`` but ``cache`` is not enabled.",
      );
    }
    if (this.cacheIgnoreInputVars.length > 0 && !this.cache) {
      throw new FlyteValidationError(
        `Cache ignore input vars are specified \`\`cache_ignore_input_vars=${JSON.stringify(this.cacheIgnoreInputVars)}\`\` but \`\`cache\`\` is not enabled.`,
      );
    }
    if (!Number.isInteger(this.retries) || this.retries < 0) {
      throw new FlyteValidationError(`retries must be a non-negative integer, got ${this.retries}`);
    }
    Object.freeze(this);
  }

  /** A copy with some options replaced. */
  with(changes: TaskMetadataOptions): TaskMetadata {
    return new TaskMetadata({ ...this.toOptions(), ...changes });
  }

  /** The options this metadata was made from. */
  toOptions(): TaskMetadataOptions {
    return {
      cache: this.cache,
      cacheSerialize: this.cacheSerialize,
      cacheVersion: this.cacheVersion,
      cacheIgnoreInputVars: this.cacheIgnoreInputVars,
      ...(this.interruptible === undefined ? {} : { interruptible: this.interruptible }),
      deprecated: this.deprecated,
      retries: this.retries,
      ...(this.timeout === undefined ? {} : { timeout: this.timeout }),
      ...(this.podTemplateName === undefined ? {} : { podTemplateName: this.podTemplateName }),
      generatesDeck: this.generatesDeck,
      isEager: this.isEager,
      labels: this.labels,
      annotations: this.annotations,
    };
  }

  /**
   * The `flyteidl.core.TaskMetadata` message with flytekit's field presence: `retries`,
   * `generates_deck` and `metadata` always present (empty when default), `interruptible` present
   * whenever set (also `false`), `timeout` only when non-zero.
   */
  toModel(): TaskMetadataMessage {
    return create(TaskMetadataSchema, {
      discoverable: this.cache,
      runtime: create(RuntimeMetadataSchema, {
        type: RuntimeMetadata_RuntimeType.FLYTE_SDK,
        version: VERSION,
        flavor: "typescript",
      }),
      ...(this.timeout === undefined
        ? {}
        : {
            timeout: create(DurationSchema, {
              seconds: BigInt(this.timeout.seconds),
              nanos: this.timeout.nanos,
            }),
          }),
      retries: create(RetryStrategySchema, { retries: this.retries }),
      discoveryVersion: this.cacheVersion,
      deprecatedErrorMessage: this.deprecated,
      interruptibleValue:
        this.interruptible === undefined
          ? { case: undefined }
          : { case: "interruptible", value: this.interruptible },
      cacheSerializable: this.cacheSerialize,
      podTemplateName: this.podTemplateName ?? "",
      cacheIgnoreInputVars: [...this.cacheIgnoreInputVars],
      isEager: this.isEager,
      generatesDeck: this.generatesDeck,
      metadata: create(K8sObjectMetadataSchema, {
        labels: sortedRecord(this.labels),
        annotations: sortedRecord(this.annotations),
      }),
    });
  }
}
