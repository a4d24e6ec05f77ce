import {
  type DynamicTask,
  ExecutionFailure,
  fromLiteralMap,
  IgnoreOutputs,
  isDynamic,
  type LiteralMap,
  type TaskResolver,
} from "@flytekit-ts/core";
import {
  DynamicJobSpecSchema,
  ErrorDocumentSchema,
  fromBinary,
  LiteralMapSchema,
  toBinary,
} from "@flytekit-ts/core/idl";
import {
  dynamicJobSpec,
  failingAs,
  SETTINGS_VARIABLE,
  settingsFromTransport,
} from "@flytekit-ts/core/internal";
import { writeDeck } from "../decks/write-deck.js";
import { errorDocument, MAX_ERROR_TEXT } from "../errors/error-document.js";
import {
  createExecutionContext,
  disposeExecutionContext,
  executionIdsFromEnv,
} from "../execution/context.js";
import { dispatchExecute, type RunnableTask } from "../execution/dispatch.js";
import { hostFor } from "../execution/execution-hosts.js";
import { resolveOffloaded, uploadBlobOutputs } from "../files/blob-transfer.js";
import type { FileAccess } from "../files/file-access.js";
import { FileNotFoundError } from "../files/file-access.js";
import { fileAccessFor } from "../files/file-access-for.js";
import { randomHex } from "../process/random-hex.js";
import { importLocation } from "../resolvers/import-location.js";
import { redactSecrets } from "../secrets/redaction.js";
import { SecretsAccessor } from "../secrets/secrets-accessor.js";
import type { EntrypointArgs } from "./args.js";
import { type EscapedErrors, letStragglersRun } from "./escaped-errors.js";

/** What happened, for the exit code and for tests. */
export type Outcome = "outputs" | "error" | "ignored" | "test";

const truthy = (value: string | undefined) =>
  value !== undefined && !["", "0", "false", "no"].includes(value.toLowerCase());

/** The name of the error file: `error.pb`, or `error-<uuid>.pb` with the distributed error strategy. */
function errorFileName(env: NodeJS.ProcessEnv): string {
  const strategy = env.FLYTE_INTERNAL_DIST_ERROR_STRATEGY ?? env._F_DES;
  return strategy ? `error-${randomHex(16)}.pb` : "error.pb";
}

/** The document an attempt ends with, chosen before anything is written. */
type Decision =
  | { kind: "outputs"; file: string; bytes: Uint8Array }
  | { kind: "error"; failure: ExecutionFailure };

/** How {@link executeTask} runs. */
export interface ExecuteTaskOptions {
  /**
   * The process's escaped-error trap ({@link trapEscapedErrors}), when `tsflyte-execute` owns the
   * process: a rejection or throw that escapes the task then fails it with a USER error document.
   * @default none (errors outside the await chain are the embedding program's)
   */
  escaped?: EscapedErrors;
}

/**
 * Runs one task execution as pyflyte-execute does: load the resolver (a failure here is fatal:
 * no error document, exit 1), load the task and its inputs, dispatch, upload file outputs, then
 * write exactly one of `outputs.pb` or an error document under the output prefix. Which one is
 * decided before either is written; when writing `outputs.pb` fails, it is read back (the store
 * may have kept it although its answer was lost) and the error document is written only if it is
 * not there. Returns the outcome; throws only when no document can be written.
 */
export async function executeTask(
  args: EntrypointArgs,
  env: NodeJS.ProcessEnv = process.env,
  options: ExecuteTaskOptions = {},
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
  let loaded: RunnableTask | undefined;
  const attempt = async (): Promise<{ file: string; bytes: Uint8Array }> => {
    const task = await failingAs("user", () => resolver.loadTask?.(args.loaderArgs) as Promise<RunnableTask>);
    loaded = task;
    const input = fileAccessFor(args.inputs);
    const inputs = await failingAs("system", async () => {
      const map = decodeInputs(await input.read(args.inputs));
      await resolveOffloaded(map);
      return map;
    });
    // A dynamic task's result is the graph it built, for propeller to run: futures.pb.
    if (isDynamic(task)) return { file: "futures.pb", bytes: await dynamicFutures(task, inputs, env) };
    const outputs = await dispatchExecute(task, inputs, hostFor(context));
    await failingAs("system", () => uploadBlobOutputs(outputs, context.rawOutputPrefix));
    return {
      file: "outputs.pb",
      bytes: await failingAs("system", () => toBinary(LiteralMapSchema, outputs)),
    };
  };
  let decision: Decision;
  try {
    const { escaped } = options;
    const result = await (escaped === undefined ? attempt() : Promise.race([attempt(), escaped.escaped]));
    if (escaped !== undefined) {
      await letStragglersRun();
      if (escaped.first !== undefined) throw escaped.first.error;
    }
    decision = { kind: "outputs", ...result };
  } catch (error) {
    if (error instanceof IgnoreOutputs) return "ignored";
    decision = { kind: "error", failure: asFailure(error) };
  } finally {
    options.escaped?.decide();
    await disposeExecutionContext(context);
  }
  if (decision.kind === "outputs") {
    const written = await writeOutputs(out, args.outputPrefix, decision.bytes, decision.file);
    if (written === true) {
      // A task with enableDeck: its decks' page beside outputs.pb, as flytekit writes it. The
      // outputs are written already: a failure here is said, never turned into an error document.
      if (
        (((loaded as { self?: unknown } | undefined)?.self ?? loaded) as { enableDeck?: boolean } | undefined)
          ?.enableDeck
      ) {
        await writeDeck(out, args.outputPrefix, (loaded as RunnableTask).name, context.decks).catch(
          (error: unknown) =>
            process.stderr.write(`could not write the task's deck: ${secrets.redact(String(error))}\n`),
        );
      }
      return "outputs";
    }
    decision = { kind: "error", failure: new ExecutionFailure("system", written) };
  }
  await writeErrorDocument(args.outputPrefix, decision.failure, env, secrets);
  return "error";
}

/**
 * Writes the error document of `failure` under `outputPrefix` (`error.pb`, or `error-<uuid>.pb`
 * with the distributed error strategy) and prints its message to stderr, secrets redacted.
 */
export async function writeErrorDocument(
  outputPrefix: string,
  failure: ExecutionFailure,
  env: NodeJS.ProcessEnv,
  secrets: SecretsAccessor = new SecretsAccessor(env),
): Promise<void> {
  const out = fileAccessFor(outputPrefix);
  const document = errorDocument(failure, {
    worker: env.FLYTE_INTERNAL_WORKER_NAME ?? env._F_WN ?? "",
    redact: (text) => secrets.redact(text),
  });
  process.stderr.write(`${secrets.redact(document.error?.message ?? "")}\n`);
  await out.write(out.join(outputPrefix, errorFileName(env)), toBinary(ErrorDocumentSchema, document));
}

/**
 * A dynamic task's `futures.pb`: the graph its body builds on the inputs, its tasks serialized with
 * the settings it was registered with (`_F_SS_C`), the project, domain and version those tasks were
 * registered with (propeller's `FLYTE_INTERNAL_TASK_*`) winning. A body that fails is the user's.
 */
async function dynamicFutures(
  task: RunnableTask,
  inputs: LiteralMap,
  env: NodeJS.ProcessEnv,
): Promise<Uint8Array> {
  const dynamicTask = ((task as { self?: unknown }).self ?? task) as DynamicTask;
  const transported = env[SETTINGS_VARIABLE];
  if (transported === undefined)
    throw new ExecutionFailure(
      "system",
      new Error(
        `dynamic task ${dynamicTask.name} has no ${SETTINGS_VARIABLE} in its environment: register it with tsflyte`,
      ),
    );
  const registered = settingsFromTransport(transported);
  const settings = registered.with({
    project: env.FLYTE_INTERNAL_TASK_PROJECT || registered.project,
    domain: env.FLYTE_INTERNAL_TASK_DOMAIN || registered.domain,
    version: env.FLYTE_INTERNAL_TASK_VERSION || registered.version,
  });
  const values = await failingAs("conversion", () =>
    fromLiteralMap(dynamicTask.nativeInterface.inputs, inputs, { task: dynamicTask.name }),
  );
  const spec = await failingAs("user", () => dynamicJobSpec(dynamicTask, values, settings));
  return toBinary(DynamicJobSpecSchema, spec);
}

/**
 * The inputs' LiteralMap. Bytes that do not decode fail as SYSTEM, recoverable (flytekit's
 * classification: the file may have been cut short); a value no JavaScript string can hold
 * (over 2^29 characters) can never be read, so a retry cannot help: a conversion error.
 */
function decodeInputs(bytes: Uint8Array): LiteralMap {
  try {
    return fromBinary(LiteralMapSchema, bytes);
  } catch (error) {
    if ((error as { code?: unknown })?.code === "ERR_STRING_TOO_LONG") {
      throw new ExecutionFailure("conversion", error);
    }
    throw error;
  }
}

/**
 * An error from the attempt as the failure it stands for. Every step of the attempt throws
 * ExecutionFailures; anything else came through the escaped-error trap, so it is the task's own
 * (a promise it left behind, a throw in its timer, a promise of its that never settles).
 */
function asFailure(error: unknown): ExecutionFailure {
  return error instanceof ExecutionFailure ? error : new ExecutionFailure("user", error);
}

/**
 * Writes outputs.pb (or a dynamic task's futures.pb). On failure, reads it back: `true` when it is stored (the store's answer was
 * lost), the write's error when it is certainly not there (an error document may then be written).
 * @throws Error when it cannot be told: writing an error document could leave both.
 */
async function writeOutputs(
  out: FileAccess,
  prefix: string,
  bytes: Uint8Array,
  file = "outputs.pb",
): Promise<true | Error> {
  const uri = out.join(prefix, file);
  try {
    await out.write(uri, bytes);
    return true;
  } catch (error) {
    const why = error instanceof Error ? error : new Error(String(error));
    let stored: Uint8Array;
    try {
      stored = await out.read(uri);
    } catch (readError) {
      if (readError instanceof FileNotFoundError)
        return new Error(`could not write ${uri}: ${why.message}`, { cause: why });
      throw new Error(
        `could not write ${uri} (${why.message}), and could not read it back to tell whether it was stored: no error document written, so that there are never both`,
        { cause: why },
      );
    }
    if (Buffer.compare(Buffer.from(stored), Buffer.from(bytes)) === 0) return true;
    throw new Error(
      `could not write ${uri} (${why.message}), and what is stored there is not these outputs`,
      {
        cause: why,
      },
    );
  }
}

/** The exit code: 0 after a written error document, unless `FLYTE_FAIL_ON_ERROR` is set. */
export function exitCodeOf(outcome: Outcome, env: NodeJS.ProcessEnv = process.env): number {
  return outcome === "error" && truthy(env.FLYTE_FAIL_ON_ERROR) ? 1 : 0;
}

/** Reports an error that escaped the task after its document was decided: it no longer changes it. */
export function reportLateError(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(
    `tsflyte-execute: an error escaped the task after its outcome was decided (ignored): ${redactSecrets(text.slice(0, MAX_ERROR_TEXT))}\n`,
  );
}
