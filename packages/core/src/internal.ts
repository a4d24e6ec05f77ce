/**
 * `@flytekit-ts/core/internal`: what the sibling packages (runtime, cli, transformer) build on and
 * users do not need: the manifest contract, the identity the transformer's emitted code attaches,
 * the in-process workflow runner, wire helpers. Not a public API: it changes with those packages, in
 * lockstep versions.
 */

export { executeLiterals } from "./execution/execute-literals.js";
export { failingAs } from "./execution/execution-failure.js";
export {
  type ExecutionHost,
  type ExecutionScope,
  executionHost,
  setExecutionHost,
} from "./execution/execution-host.js";
export type { Executable, ExecutionPlan } from "./execution/execution-plan.js";
export { defaultImage } from "./images/default-image.js";
export { resolveImage } from "./images/resolve-image.js";
export {
  outputsFromReturn,
  type ParameterDescriptor,
  type ReturnDescriptor,
  returnDescriptorOf,
  type SignatureDescriptor,
} from "./interface/signature.js";
export * from "./manifest.js";
export { isBranch, usedNodes } from "./nodes/conditional.js";
export { isNodeOutput, START_NODE_ID } from "./nodes/node-output.js";
export { serializePodSpec } from "./pod/serialize-pod-spec.js";
export { POD_RESOURCE_NAMES, ResourceSpec } from "./resources/resources.js";
export { dynamicJobSpec } from "./serialize/dynamic-job-spec.js";
export { subWorkflowsOf } from "./serialize/serialize-workflow.js";
export {
  SETTINGS_VARIABLE,
  settingsFromTransport,
  settingsToTransport,
} from "./settings/settings-transport.js";
export { TYPESCRIPT_TASK_TYPE } from "./tasks/auto-container-task.js";
export { bindTask } from "./tasks/bind-task.js";
export {
  DEST_DIR,
  ENTRYPOINT,
  FAST_ENTRYPOINT,
  fastExecuteCommand,
  MAP_ENTRYPOINT,
  REMOTE_PACKAGE_PATH,
} from "./tasks/commands.js";
export { RAW_CONTAINER_TASK_TYPE } from "./tasks/container-task.js";
export { DefaultTaskResolver, defaultTaskResolver } from "./tasks/default-task-resolver.js";
export { registerTaskMeta } from "./tasks/method-tasks.js";
export { isTaskMeta, type TaskMeta } from "./tasks/task-meta.js";
export { toTaskTemplate } from "./tasks/task-template.js";
export { setBuildDataSupply } from "./tracking/build-data-supply.js";
export { exportLocation, type TrackingInfo, track, trackingOf } from "./tracking/tracking.js";
export { isRemoteUri } from "./types/blob.js";
export type { BlobLocalizer } from "./types/blob-localizer.js";
export { describeType } from "./types/descriptor.js";
export { guessDescriptor } from "./types/guess.js";
export { isNullable, structSchema } from "./types/json-schema.js";
export type { LiteralMapContext } from "./types/literal-map.js";
export { MSGPACK_ANNOTATION, unionTag } from "./types/literal-type.js";
export { parseIsoDatetime } from "./types/precise-date.js";
export { MSGPACK_TAG } from "./types/to-literal.js";
export { describeValue, quote } from "./types/values.js";
export { toSortedJson } from "./wire/struct.js";
export { adoptManifestEntry } from "./workflows/adopt-entry.js";
export { type NodeRunner, runInProcess, runWorkflow } from "./workflows/run-workflow.js";
export { executeWorkflow } from "./workflows/workflow-function.js";
