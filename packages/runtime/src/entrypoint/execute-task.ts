import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { IgnoreOutputs, type TaskResolver } from "@flytekit-ts/core";
import { ErrorDocumentSchema, fromBinary, LiteralMapSchema, toBinary } from "@flytekit-ts/core/idl";
import { errorDocument } from "../errors/error-document.js";
import { ExecutionFailure, failingAs } from "../errors/execution-failure.js";
import {
  createExecutionContext,
  disposeExecutionContext,
  executionIdsFromEnv,
} from "../execution/context.js";
import { dispatchExecute, type RunnableTask } from "../execution/dispatch.js";
import { SecretsAccessor } from "../execution/secrets.js";
import { resolveOffloaded, uploadBlobOutputs } from "../files/blob-transfer.js";
import { fileAccessFor } from "../files/file-access-for.js";
import { importLocation } from "../resolvers/import-location.js";
import type { EntrypointArgs } from "./args.js";

/** What happened, for the exit code and for tests. */
export type Outcome = "outputs" | "error" | "ignored" | "test";

const truthy = (value: string | undefined) =>
  value !== undefined && !["", "0", "false", "no"].includes(value.toLowerCase());

/** The name of the error file: `error.pb`, or `error-<uuid>.pb` with the distributed error strategy. */
function errorFileName(env: NodeJS.ProcessEnv): string {
  const strategy = env.FLYTE_INTERNAL_DIST_ERROR_STRATEGY ?? env._F_DES;
  return strategy ? `error-${randomUUID().replaceAll("-", "")}.pb` : "error.pb";
}

/**
 * Runs one task execution as pyflyte-execute does: load the resolver (a failure here is fatal:
 * no error document, exit 1), load the task and its inputs, dispatch, then write `outputs.pb` or an
 * error document under the output prefix. Returns the outcome; throws only when even the error
 * document cannot be written.
 */
export async function executeTask(
  args: EntrypointArgs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Outcome> {
  if (args.loaderArgs.length < 1)
    throw new Error("tsflyte-execute needs the resolver's loader args after --");
  const resolver = (await importLocation(args.resolver)) as TaskResolver;
  if (typeof resolver?.loadTask !== "function") throw new Error(`resolver ${args.resolver} has no loadTask`);
  if (args.test) return "test";

  const secrets = new SecretsAccessor(env);
  const out = fileAccessFor(args.outputPrefix);
  const context = await createExecutionContext({
    mode: "cluster",
    ids: executionIdsFromEnv(env),
    rawOutputPrefix: args.rawOutputDataPrefix,
    checkpointPath: args.checkpointPath,
    previousCheckpoint: args.prevCheckpoint,
    secrets,
  });
  try {
    const task = await failingAs("user", () => resolver.loadTask?.(args.loaderArgs) as Promise<RunnableTask>);
    const input = fileAccessFor(args.inputs);
    const inputs = await failingAs("system", async () => {
      const map = fromBinary(LiteralMapSchema, await input.read(args.inputs));
      await resolveOffloaded(map);
      return map;
    });
    const outputs = await dispatchExecute(task, inputs, context);
    await failingAs("system", () => uploadBlobOutputs(outputs, context.rawOutputPrefix));
    await out.write(out.join(args.outputPrefix, "outputs.pb"), toBinary(LiteralMapSchema, outputs));
    return "outputs";
  } catch (error) {
    if (error instanceof IgnoreOutputs) return "ignored";
    const failure = error instanceof ExecutionFailure ? error : new ExecutionFailure("system", error);
    const document = errorDocument(failure, {
      worker: env.FLYTE_INTERNAL_WORKER_NAME ?? env._F_WN ?? hostname(),
      redact: (text) => secrets.redact(text),
    });
    process.stderr.write(`${secrets.redact(document.error?.message ?? String(error))}\n`);
    await out.write(out.join(args.outputPrefix, errorFileName(env)), toBinary(ErrorDocumentSchema, document));
    return "error";
  } finally {
    await disposeExecutionContext(context);
  }
}

/** The exit code: 0 after a written error document, unless `FLYTE_FAIL_ON_ERROR` is set. */
export function exitCodeOf(outcome: Outcome, env: NodeJS.ProcessEnv = process.env): number {
  return outcome === "error" && truthy(env.FLYTE_FAIL_ON_ERROR) ? 1 : 0;
}
