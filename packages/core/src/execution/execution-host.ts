import type { LiteralMap } from "../gen/flyteidl/core/literals_pb.js";
import type { BlobLocalizer } from "../types/blob-localizer.js";

/** What one task execution runs with, given by its host. */
export interface ExecutionScope {
  /** The execution context the task's `preExecute` receives (the runtime's `ExecutionContext`). */
  readonly context: unknown;
  /** How file and folder inputs are made local. @default none: they stay references */
  readonly blobs?: BlobLocalizer;
  /**
   * Keeps the files and folders the task returned before the scope ends (a local run copies them
   * out of its scratch folder); may rewrite the outputs' blob URIs. @default nothing
   */
  readonly keepOutputs?: (outputs: LiteralMap) => Promise<void>;
}

/**
 * Runs one task execution: sets up its scope (an execution context, `currentContext()` for the
 * task's code, a working directory), calls `work` inside it, and tears it down. The runtime
 * installs one when it is loaded; without it, tasks run bare (no context).
 */
export type ExecutionHost = <T>(taskName: string, work: (scope: ExecutionScope) => Promise<T>) => Promise<T>;

/** Runs `work` without a context: core alone, where nothing provides one. */
const bare: ExecutionHost = (_taskName, work) => work({ context: undefined });

let installed: ExecutionHost = bare;

/** The host direct calls and in-process workflow nodes run their tasks with. */
export function executionHost(): ExecutionHost {
  return installed;
}

/** Installs the host for direct calls and in-process workflow nodes (the runtime does, when loaded). */
export function setExecutionHost(host: ExecutionHost | undefined): void {
  installed = host ?? bare;
}
