/**
 * @flytekit-ts/core: the task authoring model, type descriptors, and serialization to Flyte IDL.
 * Loads in any JavaScript runtime (no `node:*` imports). The generated IDL is at `@flytekit-ts/core/idl`.
 */

export * from "./errors.js";
export { ExecutionFailure, type FailureKind } from "./execution/execution-failure.js";
export type { TaskSpec } from "./gen/flyteidl/admin/task_pb.js";
export type { Literal, LiteralMap } from "./gen/flyteidl/core/literals_pb.js";
export type { TaskTemplate } from "./gen/flyteidl/core/tasks_pb.js";
export type { LiteralType } from "./gen/flyteidl/core/types_pb.js";
export { Image, type ImageReference, parseImageReference } from "./images/image.js";
export { ImageConfig } from "./images/image-config.js";
export { ImageSpec, type ImageSpecOptions } from "./images/image-spec.js";
export {
  type InputSpec,
  type InputsInit,
  Interface,
  type OutputsInit,
  type VariableSpec,
} from "./interface/interface.js";
export {
  interfaceFromSignature,
  type NamedOutputs,
  namedOutputs,
  outputNames,
  returnFromOutputs,
} from "./interface/signature.js";
export { DescriptionFormat, Documentation, type LongDescription } from "./metadata/documentation.js";
export { TaskMetadata, type TaskMetadataOptions, type TimeoutValue } from "./metadata/task-metadata.js";
export type { Bindable, CallArguments, CallResult, NodeHandle, OutputPromises } from "./nodes/call-result.js";
export { and, Condition, eq, ge, gt, le, lt, ne, or } from "./nodes/condition.js";
export { type ConditionalCases, type ConditionalStart, conditional } from "./nodes/conditional.js";
export { NodeOutput } from "./nodes/node-output.js";
export { WorkflowCompilationError, WorkflowNodeError } from "./nodes/workflow-errors.js";
export type { NodeEntity, NodeOverrides, WorkflowNode } from "./nodes/workflow-node.js";
export { PodTemplate, type PodTemplateOptions } from "./pod/pod-template.js";
export type {
  ResourceQuantities,
  ResourceQuantity,
  Resources,
  ResourceValue,
} from "./resources/resources.js";
export { Secret, SecretMountType, type SecretOptions } from "./security/secret.js";
export { type RunAs, SecurityContext } from "./security/security-context.js";
export { encodeTaskSpec } from "./serialize/encode-task-spec.js";
export { serializeTask } from "./serialize/serialize-task.js";
export { serializeWorkflow, toWorkflowTemplate } from "./serialize/serialize-workflow.js";
export {
  type FastSerializationSettings,
  SerializationSettings,
  SerializationSettingsBuilder,
  type SerializationSettingsOptions,
} from "./settings/serialization-settings.js";
export { AutoContainerTask, type AutoContainerTaskOptions } from "./tasks/auto-container-task.js";
export type { Accelerator, SharedMemory } from "./tasks/container-parts.js";
export {
  ContainerTask,
  type ContainerTaskOptions,
  DownloadMode,
  type IOStrategy,
  MetadataFormat,
  UploadMode,
} from "./tasks/container-task.js";
export {
  CustomizedContainerTask,
  type CustomizedContainerTaskOptions,
} from "./tasks/customized-container-task.js";
export { FunctionTask, type FunctionTaskOptions, type TaskFunction } from "./tasks/function-task.js";
export { InstanceTask, type InstanceTaskOptions } from "./tasks/instance-task.js";
export { type CallableMapTask, isMapTask, MapTask, type MapTaskOptions, mapTask } from "./tasks/map-task.js";
export { methodTasks } from "./tasks/method-tasks.js";
export { NativeTask, type NativeTaskOptions } from "./tasks/native-task.js";
export {
  ExecutableTemplateShimTask,
  ShimTaskExecutor,
  type ShimTaskExecutorClass,
} from "./tasks/shim-task.js";
export { isTask, Task, type TaskOptions } from "./tasks/task.js";
export { type CallableTask, type TaskDecorator, task } from "./tasks/task-function.js";
export type { TaskResolver } from "./tasks/task-resolver.js";
export { defaultTaskTemplateResolver, TaskTemplateResolver } from "./tasks/task-template-resolver.js";
export { TrackedInstance } from "./tracking/tracked-instance.js";
export { type BlobOrigin, FlyteDirectory, FlyteFile } from "./types/blob.js";
export { type StructDescriptor, type TypeDescriptor, t } from "./types/descriptor.js";
export { Duration } from "./types/duration.js";
export { fromLiteral } from "./types/from-literal.js";
export { Int } from "./types/int.js";
export { fromLiteralMap, isConversionError, toLiteralMap } from "./types/literal-map.js";
export { literalTypeOf } from "./types/literal-type.js";
export { PreciseDate } from "./types/precise-date.js";
export { toLiteral } from "./types/to-literal.js";
export { VERSION } from "./version.js";
export type { JsonObject, JsonValue } from "./wire/struct.js";
export { createNode } from "./workflows/create-node.js";
export { DynamicTask, dynamic, isDynamic } from "./workflows/dynamic.js";
export { isLaunchPlan, LaunchPlan, type LaunchPlanOptions } from "./workflows/launch-plan.js";
export {
  type CallableReference,
  isReference,
  ReferenceEntity,
  type ReferenceId,
  type ReferenceInterface,
  type ReferenceOptions,
  referenceLaunchPlan,
  referenceTask,
  referenceWorkflow,
} from "./workflows/references.js";
export {
  type CompiledWorkflow,
  isWorkflow,
  Workflow,
  WorkflowFailurePolicy,
  type WorkflowFunction,
  type WorkflowOptions,
} from "./workflows/workflow.js";
export { type CallableWorkflow, type WorkflowOutput, workflow } from "./workflows/workflow-function.js";
