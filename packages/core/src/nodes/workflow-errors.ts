import { FlyteError, type FlyteErrorOptions } from "../errors/flyte-error.js";
import { ExecutionFailure } from "../execution/execution-failure.js";

/**
 * A workflow cannot be compiled: a task called with an unknown or missing input, a value of the
 * wrong type, a promise used as a native value. Thrown when the workflow is compiled (on first
 * use: calling, serializing or packaging it), with the workflow and the node in the message.
 */
export class WorkflowCompilationError extends FlyteError {
  constructor(message: string, options?: FlyteErrorOptions) {
    super("VALIDATION", message, options);
  }
}

/**
 * A node of a workflow failed while the workflow ran locally. `nodeId` names the node (`n0`, ...)
 * and `cause` holds the node's failure (the task's `ExecutionFailure`). It is an
 * `ExecutionFailure` itself, of the node's kind: a local run of a task or a workflow rejects with
 * one type.
 */
export class WorkflowNodeError extends ExecutionFailure {
  readonly nodeId: string;
  readonly workflow: string;

  constructor(workflow: string, nodeId: string, entity: string, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(
      cause instanceof ExecutionFailure ? cause.kind : "user",
      cause,
      `Workflow ${workflow}: node ${nodeId} (${entity}) failed: ${message}`,
    );
    this.nodeId = nodeId;
    this.workflow = workflow;
  }
}
