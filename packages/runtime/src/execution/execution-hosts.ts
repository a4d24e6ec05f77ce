import type { LiteralMap } from "@flytekit-ts/core";
import { type ExecutionHost, setExecutionHost } from "@flytekit-ts/core/internal";
import { writeLocalDeck } from "../decks/write-deck.js";
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
  options: {
    readonly mode?: "local" | "sandbox";
    readonly env?: NodeJS.ProcessEnv;
    /** Told where the page of a task's decks was written (a local run writes one when the task made decks). */
    readonly onDeck?: (taskName: string, path: string) => void;
  } = {},
): ExecutionHost {
  return async (taskName, work) => {
    const context = await createLocalContext(taskName, options);
    try {
      const result = await hostFor(context)(taskName, work);
      if (context.decks.all.length > 0) {
        const path = await writeLocalDeck(taskName, context.decks);
        options.onDeck?.(taskName, path);
      }
      return result;
    } finally {
      await disposeExecutionContext(context);
    }
  };
}

setExecutionHost(localHost);
