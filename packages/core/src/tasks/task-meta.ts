import type { SignatureDescriptor } from "../interface/signature.js";
import type { TrackingInfo } from "../tracking/tracking.js";

/**
 * What the compiler transformer records about a task at build time and passes as the last argument
 * of `task(fn, options, meta)` (or to `registerTaskMeta` for methods): its identity and signature.
 * Plain JSON data.
 */
export interface TaskMeta extends TrackingInfo {
  /** The function's parameters and return type, as type descriptors. */
  readonly signature: SignatureDescriptor;
  /** `true` when the function is declared inside another function (refused by the transformer; kept for errors). */
  readonly nested?: boolean;
}

/** Is `value` a {@link TaskMeta} (as opposed to user options)? */
export function isTaskMeta(value: unknown): value is TaskMeta {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as TaskMeta).module === "string" &&
    typeof (value as TaskMeta).key === "string" &&
    typeof (value as TaskMeta).signature === "object"
  );
}

/** Just the identity of `info` (module, key, file, line): what is tracked for a task, workflow or entry. */
export function identityOf(info: TrackingInfo): TrackingInfo {
  return {
    module: info.module,
    key: info.key,
    ...(info.sourceFile === undefined ? {} : { sourceFile: info.sourceFile }),
    ...(info.line === undefined ? {} : { line: info.line }),
  };
}
