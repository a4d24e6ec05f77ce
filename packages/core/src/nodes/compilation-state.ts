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
  /**
   * The state a conditional's branch is compiled inside: its nodes may use promises of the
   * enclosing workflow's nodes. @default none (the workflow itself)
   */
  readonly enclosing?: CompilationState;
  /** What node ids start with: `n` in workflows, `dn` in a dynamic task's graph (as flytekit). @default "n" */
  readonly nodeIdPrefix?: string;
}

/** The id the next node of `state` gets: `n0`, `n1`, ... (`dn0`, ... in a dynamic task). */
export function nextNodeId(state: CompilationState): string {
  return `${state.nodeIdPrefix ?? "n"}${state.nodes.length}`;
}

/** Whether `node` was created in `state` or in a state enclosing it (its promises may be used there). */
export function knowsNode(state: CompilationState, node: WorkflowNode): boolean {
  for (let at: CompilationState | undefined = state; at !== undefined; at = at.enclosing)
    if (at.nodes.includes(node)) return true;
  return false;
}

const stack: CompilationState[] = [];

/** The innermost workflow being compiled, if any. */
export function currentCompilation(): CompilationState | undefined {
  return stack[stack.length - 1];
}

/** Makes `state` the current compilation until {@link leaveCompilation} (a conditional's branch). */
export function enterCompilation(state: CompilationState): void {
  stack.push(state);
}

/** Ends `state` as the current compilation. @throws Error when it is not the current one. */
export function leaveCompilation(state: CompilationState): void {
  if (stack[stack.length - 1] !== state)
    throw new Error("conditional branches must end in the order they began");
  stack.pop();
}

/** Runs `body` with `state` as the current compilation. */
export function withCompilation<T>(state: CompilationState, body: () => T): T {
  const depth = stack.length;
  stack.push(state);
  try {
    return body();
  } finally {
    // Also drops branch states a failing body left open.
    stack.length = depth;
  }
}
