import { FlyteValidationError, type Literal, type LiteralMap } from "@flytekit-ts/core";
import { decode } from "@msgpack/msgpack";
import { goFloatV, goTimestampText, goValueText, protoDurationText } from "./go-text.js";

/** What propeller substitutes into a container's command and args. */
export interface PlaceholderValues {
  /** `{{.input}}`: the inputs.pb file. */
  input: string;
  /** `{{.inputPrefix}}`: the folder holding it. */
  inputPrefix: string;
  /** `{{.outputPrefix}}`: where outputs.pb or error.pb go. */
  outputPrefix: string;
  /** `{{.rawOutputDataPrefix}}`: where large outputs go. */
  rawOutputDataPrefix: string;
  /** `{{.checkpointOutputPrefix}}`: where this attempt writes checkpoints. */
  checkpointOutputPrefix: string;
  /** `{{.prevCheckpointPrefix}}`: the previous attempt's checkpoints; empty renders as `""`. */
  prevCheckpointPrefix: string;
  /** `{{.perRetryUniqueKey}}`: a name unique per attempt (sanitised as propeller does). */
  perRetryUniqueKey: string;
  /** `{{.taskTemplatePath}}`: the offloaded task template, when there is one. */
  taskTemplatePath?: string;
  /** `{{.namespace}}`: the pod's namespace. */
  namespace: string;
}

/** A placeholder cannot be rendered: an unknown input, or a value propeller cannot render. */
export class PlaceholderError extends FlyteValidationError {
  constructor(
    readonly taskName: string,
    readonly token: string,
    message: string,
  ) {
    super(`Task ${taskName}: cannot render ${JSON.stringify(token)}: ${message}`);
  }
}

// Propeller's patterns: case-insensitive, spaces allowed, `.` or `$` before the name, anywhere in a token.
const pattern = (name: string) => new RegExp(`\\{\\{\\s*[.$]${name}\\s*\\}\\}`, "gi");
const FIXED: readonly [RegExp, keyof PlaceholderValues][] = [
  [pattern("Input"), "input"],
  [pattern("OutputPrefix"), "outputPrefix"],
  [pattern("InputPrefix"), "inputPrefix"],
  [pattern("RawOutputDataPrefix"), "rawOutputDataPrefix"],
  [pattern("PrevCheckpointPrefix"), "prevCheckpointPrefix"],
  [pattern("CheckpointOutputPrefix"), "checkpointOutputPrefix"],
  [pattern("PerRetryUniqueKey"), "perRetryUniqueKey"],
];
const TASK_TEMPLATE = pattern("TaskTemplatePath");
const NAMESPACE = pattern("Namespace");
const INPUT_VARIABLE = /\{\{\s*[.$]Inputs\.([^}\s]+)\s*\}\}/gi;

/** Propeller's `{{.perRetryUniqueKey}}` form of a name: leading non-letters → `a`, others → `_`. */
export function perRetryUniqueKey(name: string): string {
  return name.replace(/^[^a-zA-Z_]+/, "a").replace(/[^a-zA-Z0-9_]+/g, "_");
}

/**
 * Renders a container's command or args as propeller does (flyteplugins `template.Render`): each
 * token independently, placeholders anywhere inside it, unknown placeholders left verbatim, and
 * `{{.inputs.<name>}}` replaced by the input's text (an unknown name is an error unless there are
 * no inputs at all, as in propeller).
 */
export function renderPlaceholders(
  tokens: readonly string[],
  values: PlaceholderValues,
  inputs: LiteralMap,
  taskName: string,
): string[] {
  return tokens.map((token) => {
    let out = token;
    for (const [regex, key] of FIXED) {
      const value = key === "prevCheckpointPrefix" && values[key] === "" ? '""' : String(values[key]);
      out = out.replace(regex, () => value);
    }
    if (values.taskTemplatePath !== undefined) {
      const path = values.taskTemplatePath;
      out = out.replace(TASK_TEMPLATE, () => path);
    }
    out = out.replace(NAMESPACE, () => values.namespace);
    if (Object.keys(inputs.literals).length === 0) return out;
    return out.replace(INPUT_VARIABLE, (whole, name: string) => {
      const literal = inputs.literals[name];
      if (literal === undefined) {
        throw new PlaceholderError(taskName, whole, `requested input is not found [${name}]`);
      }
      return literalText(literal, (message) => new PlaceholderError(taskName, whole, message));
    });
  });
}

/** An input literal as propeller writes it into a command: see flyteplugins `serializeLiteral`. */
export function literalText(literal: Literal, fail: (message: string) => Error): string {
  const value = literal.value;
  if (value.case === "collection") {
    return `[${value.value.literals.map((item) => literalText(item, fail)).join(",")}]`;
  }
  if (value.case !== "scalar")
    throw fail(`a ${value.case ?? "empty"} literal cannot be rendered into a command`);
  const scalar = value.value.value;
  switch (scalar.case) {
    case "primitive": {
      const primitive = scalar.value.value;
      switch (primitive.case) {
        case "integer":
          return String(primitive.value);
        case "boolean":
          return String(primitive.value);
        case "floatValue":
          return goFloatV(primitive.value);
        case "stringValue":
          return primitive.value;
        case "datetime":
          return goTimestampText(primitive.value.seconds, primitive.value.nanos);
        case "duration":
          return protoDurationText(primitive.value.seconds, primitive.value.nanos);
        default:
          throw fail("an empty primitive cannot be rendered");
      }
    }
    case "blob":
      return scalar.value.uri;
    case "schema":
      return scalar.value.uri;
    case "binary":
      if (scalar.value.tag !== "msgpack") throw fail(`unsupported binary tag [${scalar.value.tag}]`);
      return goValueText(decode(scalar.value.value, { useBigInt64: true }));
    default:
      throw fail(
        `a ${scalar.case ?? "empty"} value cannot be rendered into a command (propeller renders primitives, blobs, msgpack structs and lists)`,
      );
  }
}
