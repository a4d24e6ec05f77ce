import type { LiteralMap } from "@flytekit-ts/core";
import { type ExecutionHost, setExecutionHost } from "@flytekit-ts/core/internal";
import { keepBlobOutputs, lazyBlobDownloads, localRawOutputDir } from "../files/blob-transfer.js";
import { createLocalContext, disposeExecutionContext, type ExecutionContext } from "./context.js";
import { currentContextOrUndefined, withContext } from "./current-context.js";

/**
 * The host of executions that run in `context`: the task's code sees it as `currentContext()` and
 * its `preExecute`, file and folder inputs download into its working directory on demand. In a
 * local run the files and folders the task returns are copied out of the working directory (under
 * {@link localRawOutputDir}) before it is removed; on a cluster `tsflyte-execute` uploads them.
 */
export function hostFor(context: ExecutionContext): ExecutionHost {
  const keep =
    context.mode === "cluster"
      ? undefined
      : (outputs: LiteralMap) => keepBlobOutputs(outputs, localRawOutputDir());
  return (_taskName, work) =>
    withContext(context, () =>
      work({
        context,
        blobs: lazyBlobDownloads(context.workingDirectory),
        ...(keep === undefined ? {} : { keepOutputs: keep }),
      }),
    );
}

/**
 * The host of direct calls and in-process workflow nodes once the runtime is loaded: inside a
 * running task the caller's context (a task calling another runs in its execution), else a local
 * context of its own (ids `local`, a scratch folder removed afterwards), so `currentContext()` and
 * the hooks behave as in `localExecute` and on a cluster.
 */
export const localHost: ExecutionHost = (taskName, work) => {
  const outer = currentContextOrUndefined();
  return outer === undefined ? localRunHost()(taskName, work) : hostFor(outer)(taskName, work);
};

/**
 * The host of a local run (`localExecute`): each execution in a local context of its own (ids
 * `local`, `mode`, secrets from `env`, a scratch folder removed afterwards).
 */
export function localRunHost(
  options: { readonly mode?: "local" | "sandbox"; readonly env?: NodeJS.ProcessEnv } = {},
): ExecutionHost {
  return async (taskName, work) => {
    const context = await createLocalContext(taskName, options);
    try {
      return await hostFor(context)(taskName, work);
    } finally {
      await disposeExecutionContext(context);
    }
  };
}

setExecutionHost(localHost);
