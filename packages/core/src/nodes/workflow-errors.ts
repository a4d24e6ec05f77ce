import { FlyteError, type FlyteErrorOptions } from "../errors/flyte-error.js";

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
 * and `cause` holds the task's own error.
 */
export class WorkflowNodeError extends FlyteError {
  readonly nodeId: string;
  readonly workflow: string;

  constructor(workflow: string, nodeId: string, entity: string, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(
      cause instanceof FlyteError ? cause.code : "USER",
      `Workflow ${workflow}: node ${nodeId} (${entity}) failed: ${message}`,
      { cause },
    );
    this.nodeId = nodeId;
    this.workflow = workflow;
  }
}
