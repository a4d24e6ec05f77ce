import { create } from "@bufbuild/protobuf";
import { FlyteValidationError } from "../errors/flyte-error.js";
import { type KeyValuePair, KeyValuePairSchema } from "../gen/flyteidl/core/literals_pb.js";
import {
  type ExtendedResources,
  ExtendedResourcesSchema,
  GPUAcceleratorSchema,
  SharedMemorySchema,
} from "../gen/flyteidl/core/tasks_pb.js";

/** A GPU for the task: a device name (`"nvidia-tesla-a100"`), optionally partitioned (MIG). */
export type Accelerator = string | { device: string; partitionSize?: string; unpartitioned?: boolean };

/**
 * Shared memory at `/dev/shm`: `true` for the node's default size, or a size limit such as `"2Gi"`.
 */
export type SharedMemory = boolean | string;

/**
 * The container environment: the settings' variables first, then the task's (a task variable
 * replaces a settings variable of the same name in place), as flytekit's `{**settings.env, **environment}`.
 */
export function containerEnv(
  settingsEnv: Readonly<Record<string, string>>,
  taskEnv: Readonly<Record<string, string>>,
): KeyValuePair[] {
  const merged = new Map<string, string>([...Object.entries(settingsEnv), ...Object.entries(taskEnv)]);
  return [...merged].map(([key, value]) => create(KeyValuePairSchema, { key, value }));
}

/** The `ExtendedResources` of a task, or `undefined` when it asks for neither a GPU nor shared memory. */
export function extendedResources(
  accelerator: Accelerator | undefined,
  sharedMemory: SharedMemory | undefined,
  taskName: string,
): ExtendedResources | undefined {
  if (accelerator === undefined && (sharedMemory === undefined || sharedMemory === false)) return undefined;
  const out = create(ExtendedResourcesSchema);
  if (accelerator !== undefined) {
    const spec = typeof accelerator === "string" ? { device: accelerator } : accelerator;
    if (spec.partitionSize !== undefined && spec.unpartitioned === true) {
      throw new FlyteValidationError(
        `Task ${taskName}: accelerator ${spec.device} cannot be both unpartitioned and partitioned (${spec.partitionSize})`,
      );
    }
    out.gpuAccelerator = create(GPUAcceleratorSchema, {
      device: spec.device,
      partitionSizeValue:
        spec.partitionSize !== undefined
          ? { case: "partitionSize", value: spec.partitionSize }
          : spec.unpartitioned === true
            ? { case: "unpartitioned", value: true }
            : { case: undefined },
    });
  }
  if (sharedMemory !== undefined && sharedMemory !== false) {
    out.sharedMemory = create(SharedMemorySchema, {
      mountPath: "/dev/shm",
      mountName: "flyte-shared-memory",
      sizeLimit: typeof sharedMemory === "string" ? sharedMemory : "",
    });
  }
  return out;
}
