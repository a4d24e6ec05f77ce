/**
 * The Flyte services a client calls on a cluster, generated from the pinned flyteidl protos with
 * their messages: FlyteAdmin's `AdminService`, its `DataProxyService` (upload locations) and
 * `AuthMetadataService` (OAuth2 discovery). A separate entry point from `@flytekit-ts/core/idl`, so
 * task containers never load these descriptors.
 */

export * from "./gen/flyteidl/admin/common_pb.js";
export * from "./gen/flyteidl/admin/execution_pb.js";
export * from "./gen/flyteidl/admin/project_pb.js";
export * from "./gen/flyteidl/service/admin_pb.js";
export * from "./gen/flyteidl/service/auth_pb.js";
export * from "./gen/flyteidl/service/dataproxy_pb.js";
