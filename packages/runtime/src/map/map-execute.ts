import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecutionFailure, FlyteValidationError } from "@flytekit-ts/core";
import { create, fromBinary, type LiteralMap, LiteralMapSchema, toBinary } from "@flytekit-ts/core/idl";
import type { EntrypointArgs } from "../entrypoint/args.js";
import {
  type ExecuteTaskOptions,
  executeTask,
  type Outcome,
  writeErrorDocument,
} from "../entrypoint/execute-task.js";
import { fileAccessFor } from "../files/file-access-for.js";

/** The map task's loader args: `vars <bound inputs> resolver <location> <the mapped task's loader args>`. */
export function parseMapLoaderArgs(loaderArgs: readonly string[]): {
  bound: string[];
  resolver: string;
  loaderArgs: string[];
} {
  if (loaderArgs[0] !== "vars" || loaderArgs[2] !== "resolver" || loaderArgs[3] === undefined)
    throw new FlyteValidationError(
      `map task loader args must be: vars <bound inputs> resolver <location> <loader args>, got ${JSON.stringify(loaderArgs.slice(0, 4))}`,
    );
  return {
    bound: (loaderArgs[1] ?? "").split(",").filter((name) => name !== ""),
    resolver: loaderArgs[3],
    loaderArgs: loaderArgs.slice(4),
  };
}

/**
 * The index of this array job (flytekit's `_compute_array_job_index`): the variable named by
 * `BATCH_JOB_ARRAY_INDEX_VAR_NAME` (propeller sets it) plus `BATCH_JOB_ARRAY_INDEX_OFFSET`.
 */
export function arrayJobIndex(env: NodeJS.ProcessEnv): number {
  const variable = env.BATCH_JOB_ARRAY_INDEX_VAR_NAME;
  const index =
    Number(env.BATCH_JOB_ARRAY_INDEX_OFFSET ?? "0") +
    Number((variable === undefined ? "0" : env[variable]) ?? "0");
  if (!Number.isSafeInteger(index) || index < 0)
    throw new FlyteValidationError(`the array job index is not a non-negative integer: ${index}`);
  return index;
}

/** The inputs of element `index`: each mapped input's element, bound inputs whole. */
export function elementInputs(inputs: LiteralMap, index: number, bound: readonly string[]): LiteralMap {
  const element = create(LiteralMapSchema);
  for (const [name, literal] of Object.entries(inputs.literals)) {
    if (bound.includes(name)) {
      element.literals[name] = literal;
      continue;
    }
    if (literal.value.case !== "collection")
      throw new FlyteValidationError(`map task input ${name} is not a list: a mapped input must be one`);
    const item = literal.value.value.literals[index];
    if (item === undefined)
      throw new FlyteValidationError(
        `map task input ${name} has ${literal.value.value.literals.length} elements, no element ${index}`,
      );
    element.literals[name] = item;
  }
  return element;
}

/**
 * `tsflyte-map-execute` (flytekit's `pyflyte-map-execute`): runs the mapped task on this array
 * job's element of the inputs, through `tsflyte-execute`'s path (its outputs, or its error document,
 * under the output prefix: propeller's array node gathers the elements' outputs).
 */
export async function mapExecute(
  args: EntrypointArgs,
  env: NodeJS.ProcessEnv = process.env,
  options: ExecuteTaskOptions = {},
): Promise<Outcome> {
  const work = await mkdtemp(join(tmpdir(), "flytekit-ts-map-"));
  try {
    let mapped: ReturnType<typeof parseMapLoaderArgs>;
    let elementFile: string;
    try {
      mapped = parseMapLoaderArgs(args.loaderArgs);
      const inputs = fromBinary(LiteralMapSchema, await fileAccessFor(args.inputs).read(args.inputs));
      elementFile = join(work, "inputs.pb");
      await writeFile(
        elementFile,
        toBinary(LiteralMapSchema, elementInputs(inputs, arrayJobIndex(env), mapped.bound)),
      );
    } catch (error) {
      await writeErrorDocument(args.outputPrefix, new ExecutionFailure("system", error), env);
      return "error";
    }
    return await executeTask(
      { ...args, inputs: elementFile, resolver: mapped.resolver, loaderArgs: mapped.loaderArgs },
      env,
      options,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
