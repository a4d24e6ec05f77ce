import { AsyncLocalStorage } from "node:async_hooks";
import { FlyteError } from "@flytekit-ts/core";
import type { ExecutionContext } from "./context.js";

const storage = new AsyncLocalStorage<ExecutionContext>();

/** Runs `body` with `context` as the current execution context (also across awaits). */
export function withContext<T>(context: ExecutionContext, body: () => T): T {
  return storage.run(context, body);
}

/** How the current task runs: `cluster`, `local` or `sandbox`; `undefined` outside a task execution. */
export function localExecutionMode(): ExecutionContext["mode"] | undefined {
  return storage.getStore()?.mode;
}

/** The current execution context, if this code runs inside a task execution. */
export function currentContextOrUndefined(): ExecutionContext | undefined {
  return storage.getStore();
}

/**
 * The context of the task execution this code runs in: execution and task ids, working
 * directory, raw output prefix, checkpoints, secrets and a logger.
 * @throws Error outside a task execution.
 */
export function currentContext(): ExecutionContext {
  const context = storage.getStore();
  if (context === undefined)
    throw new FlyteError(
      "NOT_FOUND",
      "currentContext() is only available while a task runs (a direct call, localExecute, tsflyte run or tsflyte-execute)",
    );
  return context;
}
