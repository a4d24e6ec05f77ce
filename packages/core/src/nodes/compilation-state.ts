import type { WorkflowNode } from "./workflow-node.js";

/**
 * The workflow being compiled (flytekit's `CompilationState`): while a workflow body runs, task
 * calls add nodes here instead of running. Bodies are synchronous, so a stack suffices.
 */
export interface CompilationState {
  /** The workflow's name, for messages. */
  readonly workflow: string;
  /** Nodes in creation order; a node's id is `n<index>`. */
  readonly nodes: WorkflowNode[];
}

const stack: CompilationState[] = [];

/** The innermost workflow being compiled, if any. */
export function currentCompilation(): CompilationState | undefined {
  return stack[stack.length - 1];
}

/** Runs `body` with `state` as the current compilation. */
export function withCompilation<T>(state: CompilationState, body: () => T): T {
  stack.push(state);
  try {
    return body();
  } finally {
    stack.pop();
  }
}
