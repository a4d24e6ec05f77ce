import { type Interface, isLaunchPlan, isWorkflow, NativeTask, type TypeDescriptor } from "@flytekit-ts/core";
import { describeType } from "@flytekit-ts/core/internal";
import {
  nearest,
  type RunnableTask,
  interfaceOf as taskInterfaceOf,
  UsageError,
} from "@flytekit-ts/runtime/internal";
import type { LocallyRunnable } from "../execution/local-execute.js";
import { fromJsonValue, parseCliValue } from "./input-values.js";

/** `maxRows` -> `max-rows`, `max_rows` -> `max-rows`. */
const kebab = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/_/g, "-")
    .toLowerCase();

const nativeInterfaceOf = (task: LocallyRunnable): Interface | undefined =>
  isWorkflow(task) || isLaunchPlan(task) || task instanceof NativeTask ? task.nativeInterface : undefined;

/** The typed inputs and outputs of a task, workflow or launch plan. */
export function interfaceOf(entity: LocallyRunnable): {
  inputs: ReadonlyMap<string, TypeDescriptor>;
  outputs: ReadonlyMap<string, TypeDescriptor>;
} {
  return isWorkflow(entity) || isLaunchPlan(entity)
    ? entity.nativeInterface
    : taskInterfaceOf(entity as RunnableTask);
}

/** `task math.add`, `workflow flows.daily`, `launch plan nightly`: for messages. */
export function kindOf(entity: LocallyRunnable): string {
  return isWorkflow(entity) ? "workflow" : isLaunchPlan(entity) ? "launch plan" : "task";
}

/** A default as `--help` shows it: JSON when it has one, else what the task's code computes. */
function shownDefault(value: unknown): string {
  if (value === undefined) return "computed by the task";
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** The task's inputs as `--name <type>` lines, for `tsflyte run <module> <key> --help`. */
export function describeTaskInputs(task: LocallyRunnable): string {
  const { inputs, outputs } = interfaceOf(task);
  const native = nativeInterfaceOf(task);
  const kind = kindOf(task);
  const lines = [`${kind[0]?.toUpperCase()}${kind.slice(1)} ${task.name}`, "", "Inputs:"];
  if (inputs.size === 0) lines.push("  (none)");
  const defaults = native?.defaultInputs ?? {};
  for (const [name, type] of inputs) {
    const note =
      native?.hasDefault(name) === true
        ? ` (default: ${shownDefault(defaults[name])})`
        : isOptional(type)
          ? " (optional)"
          : "";
    const description = native?.descriptionOf("input", name);
    lines.push(
      `  --${name} <${describeType(type)}>${note}${description !== undefined && description !== name ? `  ${description}` : ""}`,
    );
  }
  lines.push("", "Outputs:");
  if (outputs.size === 0) lines.push("  (none)");
  for (const [name, type] of outputs) lines.push(`  ${name}: ${describeType(type)}`);
  lines.push(
    "",
    "Values: ints, floats, booleans (true/false), dates (ISO 8601), durations (1h30m, 90s, PT1H),",
    "files and directories as paths or URIs; lists, maps and structs as JSON. Or all at once: --inputs JSON.",
  );
  return lines.join("\n");
}

const isOptional = (type: TypeDescriptor) =>
  type.kind === "union" && type.variants.some((variant) => variant.kind === "none");

/**
 * The task's native inputs from `--inputs` JSON and `--<input> value` arguments (which win), with
 * defaults and optional inputs filled in.
 * @throws UsageError naming the task and the input for unknown, repeated, missing or ill-typed inputs.
 */
export function readTaskInputs(
  task: LocallyRunnable,
  args: readonly string[],
  json: string | undefined,
): Record<string, unknown> {
  const { inputs } = interfaceOf(task);
  const byFlag = new Map<string, string>();
  for (const name of inputs.keys()) {
    byFlag.set(name, name);
    byFlag.set(kebab(name), name);
  }
  const where = (name: string) => `${kindOf(task)} ${task.name}, input ${name}`;
  const values: Record<string, unknown> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      throw new UsageError(
        `${kindOf(task)} ${task.name}: --inputs is not valid JSON (${(error as Error).message})`,
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`${kindOf(task)} ${task.name}: --inputs must be a JSON object of input values`);
    }
    for (const [name, value] of Object.entries(parsed)) {
      const type = inputs.get(name);
      if (type === undefined) throw unknownInput(task, name, [...inputs.keys()]);
      values[name] = fromJsonValue(type, value, where(name));
    }
  }
  const given = new Set<string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!arg.startsWith("--")) {
      throw new UsageError(
        `${kindOf(task)} ${task.name}: unexpected argument ${JSON.stringify(arg)}; inputs are given as --<input> value`,
      );
    }
    const eq = arg.indexOf("=");
    let flag = arg.slice(2, eq >= 0 ? eq : undefined);
    let inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    let name = byFlag.get(flag);
    if (name === undefined && flag.startsWith("no-") && inline === undefined) {
      const negated = byFlag.get(flag.slice(3));
      if (negated !== undefined && inputs.get(negated)?.kind === "boolean") {
        name = negated;
        flag = flag.slice(3);
        inline = "false";
      }
    }
    if (name === undefined) throw unknownInput(task, flag, [...inputs.keys()]);
    if (given.has(name)) throw new UsageError(`${where(name)}: given more than once`);
    given.add(name);
    const type = inputs.get(name) as TypeDescriptor;
    let text = inline;
    if (text === undefined) {
      const next = args[index + 1];
      if (type.kind === "boolean" && (next === undefined || next.startsWith("--"))) {
        text = "true";
      } else if (next === undefined) {
        throw new UsageError(`${where(name)}: --${flag} needs a value (${describeType(type)})`);
      } else {
        text = next;
        index++;
      }
    }
    values[name] = parseCliValue(type, text, where(name));
  }
  const native = nativeInterfaceOf(task);
  const missing: string[] = [];
  for (const [name, type] of inputs) {
    if (Object.hasOwn(values, name)) continue;
    if (native?.hasDefault(name) === true) values[name] = native.defaultInputs[name];
    else if (isOptional(type)) values[name] = null;
    else missing.push(`--${name} <${describeType(type)}>`);
  }
  if (missing.length > 0) {
    throw new UsageError(
      `${kindOf(task)} ${task.name}: missing input${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
    );
  }
  return values;
}

/**
 * `--inputs JSON` given after `<module> <key>` (among the task inputs) is still the run option,
 * unless the task has an input named `inputs`.
 */
export function takeInputsFlag(
  task: LocallyRunnable,
  args: readonly string[],
  json: string | undefined,
): { json: string | undefined; args: string[] } {
  if (interfaceOf(task).inputs.has("inputs")) return { json, args: [...args] };
  const rest: string[] = [];
  let found = json;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--inputs" && index + 1 < args.length) {
      found = args[++index];
    } else if (arg.startsWith("--inputs=")) {
      found = arg.slice("--inputs=".length);
    } else {
      rest.push(arg);
    }
  }
  return { json: found, args: rest };
}

function unknownInput(task: LocallyRunnable, name: string, known: readonly string[]): UsageError {
  const suggestions = nearest(name, known);
  return new UsageError(
    `${kindOf(task)} ${task.name} has no input ${JSON.stringify(name)}${known.length === 0 ? " (it takes none)" : `; its inputs: ${known.join(", ")}${suggestions.length > 0 && suggestions[0] !== undefined ? ` (did you mean ${suggestions[0]}?)` : ""}`}`,
  );
}
