import { create } from "@bufbuild/protobuf";
import { FlyteValidationError } from "../errors/flyte-error.js";
import {
  Resources_ResourceEntrySchema,
  Resources_ResourceName,
  type Resources as ResourcesMessage,
  ResourcesSchema,
} from "../gen/flyteidl/core/tasks_pb.js";

/** A Kubernetes quantity: `"500m"`, `"2Gi"`, or a number (`1`, `0.5`), which is written as its decimal string. */
export type ResourceQuantity = string | number;

/** One resource: a quantity, or `[request, limit]` (only inside a task's `resources` option). */
export type ResourceValue = ResourceQuantity | readonly [ResourceQuantity, ResourceQuantity];

/**
 * Compute resources for a task. In `requests`/`limits` each field is one quantity; in `resources`
 * a field is either a request alone or a `[request, limit]` pair.
 */
export interface Resources {
  /** CPU cores, e.g. `"500m"`, `"2"`, `1`. */
  cpu?: ResourceValue;
  /** Memory, e.g. `"512Mi"`, `"2Gi"`. */
  mem?: ResourceValue;
  /** GPUs (propeller maps this to `nvidia.com/gpu`). */
  gpu?: ResourceValue;
  /** Ephemeral storage, e.g. `"10Gi"`. */
  ephemeralStorage?: ResourceValue;
}

/** Resolved quantities of one kind (requests or limits), as strings. */
export interface ResourceQuantities {
  cpu?: string;
  mem?: string;
  gpu?: string;
  ephemeralStorage?: string;
}

/** The fields of {@link Resources}, in the order flytekit writes their entries. */
const ORDER = [
  ["ephemeralStorage", Resources_ResourceName.EPHEMERAL_STORAGE],
  ["cpu", Resources_ResourceName.CPU],
  ["gpu", Resources_ResourceName.GPU],
  ["mem", Resources_ResourceName.MEMORY],
] as const;

/** The Kubernetes resource names used in pod specs, by field. */
export const POD_RESOURCE_NAMES = {
  cpu: "cpu",
  gpu: "gpu",
  mem: "memory",
  ephemeralStorage: "ephemeral-storage",
} as const;

function quantity(value: ResourceQuantity, field: string, taskName: string): string | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      throw new FlyteValidationError(
        `Task ${taskName}: resource ${field} must be a non-negative quantity, got ${value}`,
      );
    }
    // Python drops falsy values: 0 and "" mean "not set".
    return value === 0 ? undefined : String(value);
  }
  if (typeof value !== "string") {
    throw new FlyteValidationError(
      `Task ${taskName}: resource ${field} must be a string or a number, got ${typeof value}`,
    );
  }
  return value === "" ? undefined : value;
}

function single(resources: Resources | undefined, kind: string, taskName: string): ResourceQuantities {
  const out: ResourceQuantities = {};
  for (const [field] of ORDER) {
    const value = resources?.[field];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      throw new FlyteValidationError(
        `Task ${taskName}: ${kind}.${field} is a pair; [request, limit] pairs are only allowed in \`resources\``,
      );
    }
    const resolved = quantity(value as ResourceQuantity, field, taskName);
    if (resolved !== undefined) out[field] = resolved;
  }
  return out;
}

/** Requests and limits of a task, resolved from its `resources` or `requests`/`limits` options. */
export class ResourceSpec {
  readonly requests: Readonly<ResourceQuantities>;
  readonly limits: Readonly<ResourceQuantities>;

  constructor(requests: ResourceQuantities = {}, limits: ResourceQuantities = {}) {
    this.requests = Object.freeze({ ...requests });
    this.limits = Object.freeze({ ...limits });
    Object.freeze(this);
  }

  /**
   * From a task's `resources` option: a quantity sets only the request; `[request, limit]` sets both.
   * @throws FlyteValidationError for a pair that is not of length 2 or a bad quantity.
   */
  static fromMultipleResource(resources: Resources, taskName = "<unnamed>"): ResourceSpec {
    const requests: ResourceQuantities = {};
    const limits: ResourceQuantities = {};
    for (const [field] of ORDER) {
      const value = resources[field];
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        if (value.length !== 2) {
          throw new FlyteValidationError(
            `Task ${taskName}: resources.${field} must be a single quantity or a [request, limit] pair, got ${value.length} values`,
          );
        }
        const request = quantity(value[0] as ResourceQuantity, field, taskName);
        const limit = quantity(value[1] as ResourceQuantity, field, taskName);
        if (request !== undefined) requests[field] = request;
        if (limit !== undefined) limits[field] = limit;
      } else {
        const request = quantity(value as ResourceQuantity, field, taskName);
        if (request !== undefined) requests[field] = request;
      }
    }
    return new ResourceSpec(requests, limits);
  }

  /**
   * From a task's options, enforcing that `resources` is not combined with `requests`/`limits`.
   * @throws FlyteValidationError "`resource` can not be used together with the `limits` or `requests`. Please only set `resource`."
   */
  static fromOptions(
    options: {
      resources?: Resources | undefined;
      requests?: Resources | undefined;
      limits?: Resources | undefined;
    },
    taskName = "<unnamed>",
  ): ResourceSpec {
    if (options.resources !== undefined) {
      if (options.requests !== undefined || options.limits !== undefined) {
        throw new FlyteValidationError(
          "`resource` can not be used together with the `limits` or `requests`. Please only set `resource`.",
        );
      }
      return ResourceSpec.fromMultipleResource(options.resources, taskName);
    }
    return new ResourceSpec(
      single(options.requests, "requests", taskName),
      single(options.limits, "limits", taskName),
    );
  }

  /** True when neither requests nor limits are set. */
  get isEmpty(): boolean {
    return Object.keys(this.requests).length === 0 && Object.keys(this.limits).length === 0;
  }

  /** The `flyteidl.core.Resources` message: entries in flytekit's order (ephemeral storage, cpu, gpu, memory). */
  toModel(): ResourcesMessage {
    const entries = (quantities: ResourceQuantities) =>
      ORDER.filter(([field]) => quantities[field] !== undefined).map(([field, name]) =>
        create(Resources_ResourceEntrySchema, { name, value: quantities[field] ?? "" }),
      );
    return create(ResourcesSchema, { requests: entries(this.requests), limits: entries(this.limits) });
  }
}
