import { create } from "@bufbuild/protobuf";
import { FlyteError } from "@flytekit-ts/core";
import {
  type Identifier,
  IdentifierSchema,
  type LiteralMap,
  ResourceType,
  WorkflowExecution_Phase,
} from "@flytekit-ts/core/idl";
import { ExecutionMetadata_ExecutionMode } from "@flytekit-ts/core/services";
import { describeCallError, type FlyteAdmin } from "./admin-client.js";
import { consoleBase } from "./remote-config.js";

/** What is launched: a task, or a launch plan (a workflow runs through its default launch plan). */
export interface RemoteTarget {
  readonly kind: "task" | "launchPlan";
  readonly name: string;
  readonly project: string;
  readonly domain: string;
  readonly version: string;
}

/** A remote execution that ended other than SUCCEEDED: its phase and FlyteAdmin's error message. */
export class RemoteExecutionError extends FlyteError {
  constructor(
    readonly execution: string,
    readonly phase: string,
    message: string,
  ) {
    super("USER", `execution ${execution} ended ${phase}: ${message}`);
  }
}

const TERMINAL = new Set([
  WorkflowExecution_Phase.SUCCEEDED,
  WorkflowExecution_Phase.FAILED,
  WorkflowExecution_Phase.ABORTED,
  WorkflowExecution_Phase.TIMED_OUT,
]);

/** Options of {@link runRemote}. */
export interface RunRemoteOptions {
  /** Follow the execution until it ends. @default true */
  readonly wait?: boolean;
  /** Between two looks at the execution's phase. @default 1000 */
  readonly pollMs?: number;
  /** A progress line (on a terminal, rewritten in place). @default none */
  readonly progress?: (phase: string, seconds: number) => void;
  /** Called once the execution exists, with its name and console URL. @default none */
  readonly onCreated?: (name: string, url: string) => void;
}

/** What {@link runRemote} saw. */
export interface RemoteRun {
  readonly name: string;
  readonly url: string;
  readonly phase: string;
  /** The outputs, when it was followed and succeeded. */
  readonly outputs?: LiteralMap;
}

/**
 * Creates an execution of `target` with `inputs` (FlyteAdmin's `CreateExecution`), and unless
 * `wait` is false follows its phase until it ends: the outputs when it succeeded
 * (`GetExecutionData`), a {@link RemoteExecutionError} with FlyteAdmin's message otherwise.
 */
export async function runRemote(
  remote: FlyteAdmin,
  target: RemoteTarget,
  inputs: LiteralMap,
  options: RunRemoteOptions = {},
): Promise<RemoteRun> {
  const launchPlan: Identifier = create(IdentifierSchema, {
    resourceType: target.kind === "task" ? ResourceType.TASK : ResourceType.LAUNCH_PLAN,
    project: target.project,
    domain: target.domain,
    name: target.name,
    version: target.version,
  });
  const created = await remote.admin
    .createExecution({
      project: target.project,
      domain: target.domain,
      name: "",
      spec: { launchPlan, metadata: { mode: ExecutionMetadata_ExecutionMode.MANUAL } },
      inputs,
    })
    .catch((error: unknown) => {
      throw describeCallError(error, remote.config.endpoint, `cannot start ${target.name}`);
    });
  const id = created.id;
  if (id === undefined) throw new FlyteError("SYSTEM", "FlyteAdmin created an execution without an id");
  const url = `${consoleBase(remote.config)}/console/projects/${id.project}/domains/${id.domain}/executions/${id.name}`;
  options.onCreated?.(id.name, url);
  if (options.wait === false) return { name: id.name, url, phase: "QUEUED" };
  const started = Date.now();
  for (;;) {
    const execution = await remote.admin.getExecution({ id }).catch((error: unknown) => {
      throw describeCallError(error, remote.config.endpoint, `cannot follow execution ${id.name}`);
    });
    const phase = execution.closure?.phase ?? WorkflowExecution_Phase.UNDEFINED;
    const phaseName = WorkflowExecution_Phase[phase] ?? String(phase);
    options.progress?.(phaseName, Math.round((Date.now() - started) / 1000));
    if (TERMINAL.has(phase)) {
      if (phase !== WorkflowExecution_Phase.SUCCEEDED) {
        const result = execution.closure?.outputResult;
        const message =
          result?.case === "error"
            ? `${result.value.code}: ${result.value.message}`
            : result?.case === "abortMetadata"
              ? `aborted: ${result.value.cause}`
              : "no error message";
        throw new RemoteExecutionError(id.name, phaseName, message);
      }
      const data = await remote.admin.getExecutionData({ id }).catch((error: unknown) => {
        throw describeCallError(error, remote.config.endpoint, `cannot read the outputs of ${id.name}`);
      });
      return {
        name: id.name,
        url,
        phase: phaseName,
        ...(data.fullOutputs === undefined ? {} : { outputs: data.fullOutputs }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}
