import { availableParallelism } from "node:os";
import type { LiteralMap, MapTask, TaskTemplate } from "@flytekit-ts/core";
import { create, type Literal, LiteralMapSchema, LiteralSchema } from "@flytekit-ts/core/idl";
import { ContainerTaskError } from "./container-task-error.js";
import { runTemplateInContainer, type TemplateRunOptions } from "./run-in-container.js";

/** How many elements a map task's inputs hold: the length of its mapped (non-bound) lists. */
function elementCount(task: MapTask, inputs: LiteralMap): number {
  let count: number | undefined;
  for (const [name, literal] of Object.entries(inputs.literals)) {
    if (task.boundInputs.includes(name)) continue;
    if (literal.value.case !== "collection")
      throw new ContainerTaskError(task.name, "input", `input ${name} is mapped over, so it must be a list`);
    const length = literal.value.value.literals.length;
    if (count !== undefined && length !== count)
      throw new ContainerTaskError(task.name, "input", "the mapped inputs' lists have different lengths");
    count = length;
  }
  return count ?? 0;
}

/** The literal of an element that failed while enough others succeeded (propeller writes none). */
function noneLiteral(): Literal {
  return create(LiteralSchema, {
    value: { case: "scalar", value: { value: { case: "noneType", value: {} } } },
  });
}

/**
 * Runs a map task's template in the local Docker engine as propeller's array node drives it: one
 * container per element, each given the whole inputs and its index (`FLYTE_K8S_ARRAY_INDEX`, named
 * by `BATCH_JOB_ARRAY_INDEX_VAR_NAME`) so `tsflyte-map-execute` picks its element, at most the map
 * task's `concurrency` (else this machine's cores) at once. The elements' outputs are gathered into
 * lists; with `minSuccessRatio`/`minSuccesses` below all, a failed element is a none and the map
 * fails only when too few succeed, with the first failed element's error.
 */
export async function runMapTemplateInContainer(
  task: MapTask,
  template: TaskTemplate,
  inputs: LiteralMap,
  options: TemplateRunOptions = {},
): Promise<LiteralMap> {
  const count = elementCount(task, inputs);
  const needed = task.minSuccesses ?? Math.ceil(count * (task.minSuccessRatio ?? 1));
  const results: (LiteralMap | undefined)[] = new Array(count).fill(undefined);
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    // Stop starting elements once too many have failed for the map to succeed.
    while (next < count && count - failures.length >= needed) {
      const index = next++;
      try {
        results[index] = await runTemplateInContainer(template, inputs, { ...options, arrayIndex: index });
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  const lanes = Math.max(1, Math.min(count, task.concurrency || availableParallelism()));
  await Promise.all(Array.from({ length: lanes }, worker));
  if (count - failures.length < needed) {
    const first = failures.sort((a, b) => a.index - b.index)[0];
    throw first?.error;
  }
  const outputs = create(LiteralMapSchema);
  for (const name of task.nativeInterface.outputs.keys()) {
    const literals = results.map((result) => result?.literals[name] ?? noneLiteral());
    outputs.literals[name] = create(LiteralSchema, { value: { case: "collection", value: { literals } } });
  }
  return outputs;
}
