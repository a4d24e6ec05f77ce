/**
 * The generated Flyte IDL messages flytekit-ts reads and writes (protobuf-es v2), for tools that
 * build or decode them directly: `toBinary(TaskSpecSchema, spec)`, `fromBinary(LiteralMapSchema, bytes)`.
 *
 * protobuf-es's functions for them are re-exported, so they come from the same (bundled) copy:
 * `create`, `clone`, `toBinary`, `fromBinary`, and `timestampFromMs` for `Timestamp` fields.
 */

export { clone, create, fromBinary, toBinary } from "@bufbuild/protobuf";
export { timestampFromMs } from "@bufbuild/protobuf/wkt";

export * from "./gen/flyteidl/admin/description_entity_pb.js";
export * from "./gen/flyteidl/admin/launch_plan_pb.js";
export * from "./gen/flyteidl/admin/task_pb.js";
export * from "./gen/flyteidl/admin/workflow_pb.js";
export * from "./gen/flyteidl/core/dynamic_job_pb.js";
export * from "./gen/flyteidl/core/errors_pb.js";
export * from "./gen/flyteidl/core/execution_pb.js";
export * from "./gen/flyteidl/core/identifier_pb.js";
export * from "./gen/flyteidl/core/interface_pb.js";
export * from "./gen/flyteidl/core/literals_pb.js";
export * from "./gen/flyteidl/core/security_pb.js";
export * from "./gen/flyteidl/core/tasks_pb.js";
export * from "./gen/flyteidl/core/types_pb.js";
export * from "./gen/flyteidl/core/workflow_pb.js";
