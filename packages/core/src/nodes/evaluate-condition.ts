import type { Literal } from "../gen/flyteidl/core/literals_pb.js";
import { toLiteral } from "../types/to-literal.js";
import { branchInputName, type Condition } from "./condition.js";
import { isNodeOutput } from "./node-output.js";
import { WorkflowCompilationError } from "./workflow-errors.js";

/** A primitive literal as something JavaScript compares: numbers (ints too), strings, booleans, instants. */
function comparable(literal: Literal | undefined, what: string): number | string | boolean | bigint {
  const scalar = literal?.value.case === "scalar" ? literal.value.value.value : undefined;
  const primitive = scalar?.case === "primitive" ? scalar.value.value : undefined;
  switch (primitive?.case) {
    case "integer":
      return primitive.value;
    case "floatValue":
    case "stringValue":
    case "boolean":
      return primitive.value;
    case "datetime":
    case "duration":
      return Number(primitive.value.seconds) * 1e9 + primitive.value.nanos;
    default:
      throw new WorkflowCompilationError(`${what} is not a primitive value: a condition cannot compare it`);
  }
}

function compare(
  op: string,
  left: number | string | boolean | bigint,
  right: number | string | boolean | bigint,
) {
  // An int compared with a float compares as numbers.
  const [a, b] =
    typeof left === "bigint" && typeof right === "number"
      ? [Number(left), right]
      : typeof left === "number" && typeof right === "bigint"
        ? [left, Number(right)]
        : [left, right];
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    default:
      return a <= b;
  }
}

/**
 * Evaluates a condition on the branch node's inputs (the literals of what it reads, named
 * `<node>.<var>`), as propeller does when it runs the branch.
 */
export function evaluateCondition(condition: Condition, inputs: Readonly<Record<string, Literal>>): boolean {
  const { expression } = condition;
  if (expression.kind === "conjunction") {
    const left = evaluateCondition(expression.left, inputs);
    if (expression.op === "and") return left && evaluateCondition(expression.right, inputs);
    return left || evaluateCondition(expression.right, inputs);
  }
  const side = (value: unknown, other: unknown) => {
    if (isNodeOutput(value)) return comparable(inputs[branchInputName(value)], value.describe());
    return comparable(toLiteral(isNodeOutput(other) ? other.type : { kind: "string" }, value), "a constant");
  };
  return compare(
    expression.op,
    side(expression.left, expression.right),
    side(expression.right, expression.left),
  );
}
