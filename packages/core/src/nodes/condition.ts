import { create } from "@bufbuild/protobuf";
import {
  type BooleanExpression,
  BooleanExpressionSchema,
  ComparisonExpression_Operator,
  ComparisonExpressionSchema,
  ConjunctionExpression_LogicalOperator,
  ConjunctionExpressionSchema,
  type Operand,
  OperandSchema,
} from "../gen/flyteidl/core/condition_pb.js";
import type { Literal, Primitive } from "../gen/flyteidl/core/literals_pb.js";
import { describeType, type TypeDescriptor } from "../types/descriptor.js";
import { toLiteral } from "../types/to-literal.js";
import { describeValue } from "../types/values.js";
import { isNodeOutput, NodeOutput } from "./node-output.js";
import { WorkflowCompilationError } from "./workflow-errors.js";

/** A comparison operator of a condition (flytekit's `ComparisonOps`). */
export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

const COMPARISON: Readonly<Record<ComparisonOperator, ComparisonExpression_Operator>> = {
  eq: ComparisonExpression_Operator.EQ,
  ne: ComparisonExpression_Operator.NEQ,
  gt: ComparisonExpression_Operator.GT,
  ge: ComparisonExpression_Operator.GTE,
  lt: ComparisonExpression_Operator.LT,
  le: ComparisonExpression_Operator.LTE,
};

const SYMBOL: Readonly<Record<ComparisonOperator, string>> = {
  eq: "==",
  ne: "!=",
  gt: ">",
  ge: ">=",
  lt: "<",
  le: "<=",
};

/** The types a condition compares: Flyte's primitives. */
const COMPARABLE = new Set(["int", "float", "string", "boolean", "datetime", "duration"]);

/**
 * A condition of a conditional branch (flytekit's `ComparisonExpression` / `ConjunctionExpression`):
 * comparisons of workflow values (inputs, node outputs) with each other or with constants, joined
 * with `and` / `or`. Built with {@link gt}, {@link eq}, ... or a promise's `.gt(...)`; evaluated
 * by propeller (or locally) when the workflow runs.
 */
export class Condition {
  private constructor(
    readonly expression:
      | {
          kind: "comparison";
          op: ComparisonOperator;
          left: NodeOutput | unknown;
          right: NodeOutput | unknown;
        }
      | { kind: "conjunction"; op: "and" | "or"; left: Condition; right: Condition },
  ) {
    Object.freeze(this);
  }

  /** `left <op> right`; at least one side is a promise. @throws WorkflowCompilationError otherwise */
  static compare(op: ComparisonOperator, left: unknown, right: unknown): Condition {
    if (!isNodeOutput(left) && !isNodeOutput(right)) {
      throw new WorkflowCompilationError(
        `a condition compares workflow values (inputs or node outputs): ${describeValue(left)} ${SYMBOL[op]} ${describeValue(right)} has none`,
      );
    }
    for (const side of [left, right]) {
      if (isNodeOutput(side) && side.attrPath.length > 0)
        throw new WorkflowCompilationError(
          `a condition on part of a value (${side.describe()}) is not supported yet: return the part from a task`,
        );
      if (isNodeOutput(side) && !COMPARABLE.has(side.type.kind))
        throw new WorkflowCompilationError(
          `a condition compares primitives (ints, floats, strings, booleans, datetimes, durations): ${side.describe()} is not one`,
        );
    }
    return new Condition({ kind: "comparison", op, left, right });
  }

  /** Both conditions hold (flytekit's `&`). */
  and(other: Condition): Condition {
    return new Condition({ kind: "conjunction", op: "and", left: this, right: asCondition(other, "and") });
  }

  /** Either condition holds (flytekit's `|`). */
  or(other: Condition): Condition {
    return new Condition({ kind: "conjunction", op: "or", left: this, right: asCondition(other, "or") });
  }

  /** The promises the condition reads, left to right. */
  promises(): NodeOutput[] {
    const { expression } = this;
    if (expression.kind === "conjunction")
      return [...expression.left.promises(), ...expression.right.promises()];
    return [expression.left, expression.right].filter(isNodeOutput);
  }

  /** For messages: `a > 3 and b == "x"`. */
  describe(): string {
    const { expression } = this;
    if (expression.kind === "conjunction")
      return `(${expression.left.describe()} ${expression.op} ${expression.right.describe()})`;
    const side = (value: unknown) => (isNodeOutput(value) ? value.variable : describeValue(value));
    return `${side(expression.left)} ${SYMBOL[expression.op]} ${side(expression.right)}`;
  }
}

function asCondition(value: unknown, where: string): Condition {
  if (value instanceof Condition) return value;
  throw new WorkflowCompilationError(
    `${where}() joins conditions (comparisons such as gt(a, b)), got ${isNodeOutput(value) ? value.describe() : describeValue(value)}: a value alone is not a condition`,
  );
}

/** `left > right`. */
export const gt = (left: unknown, right: unknown): Condition => Condition.compare("gt", left, right);
/** `left >= right`. */
export const ge = (left: unknown, right: unknown): Condition => Condition.compare("ge", left, right);
/** `left < right`. */
export const lt = (left: unknown, right: unknown): Condition => Condition.compare("lt", left, right);
/** `left <= right`. */
export const le = (left: unknown, right: unknown): Condition => Condition.compare("le", left, right);
/** `left == right`. */
export const eq = (left: unknown, right: unknown): Condition => Condition.compare("eq", left, right);
/** `left != right`. */
export const ne = (left: unknown, right: unknown): Condition => Condition.compare("ne", left, right);
/** Every condition holds. */
export const and = (first: Condition, ...rest: Condition[]): Condition =>
  rest.reduce((all, next) => all.and(next), asCondition(first, "and"));
/** Any condition holds. */
export const or = (first: Condition, ...rest: Condition[]): Condition =>
  rest.reduce((any, next) => any.or(next), asCondition(first, "or"));

/** The branch node's input a promise is read through: `<node id>.<var>` (`.a` for workflow input a). */
export function branchInputName(promise: NodeOutput): string {
  return `${promise.nodeId}.${promise.variable}`;
}

/** The primitive of a constant compared with `other` (typed as the promise it is compared with). */
function constantPrimitive(value: unknown, other: unknown): Primitive {
  const type: TypeDescriptor = isNodeOutput(other) ? other.type : { kind: "string" };
  let literal: Literal;
  try {
    literal = toLiteral(type, value, "the constant");
  } catch (error) {
    throw new WorkflowCompilationError(
      `a condition compares ${describeValue(value)} with a value of type ${describeType(type)}`,
      { cause: error },
    );
  }
  if (literal.value.case !== "scalar" || literal.value.value.value.case !== "primitive")
    throw new WorkflowCompilationError(
      `a condition's constant must be a primitive, got ${describeValue(value)}`,
    );
  return literal.value.value.value.value;
}

function operand(value: unknown, other: unknown): Operand {
  return create(OperandSchema, {
    val: isNodeOutput(value)
      ? { case: "var", value: branchInputName(value) }
      : { case: "primitive", value: constantPrimitive(value, other) },
  });
}

/** The `flyteidl.core.BooleanExpression` of a condition, as flytekit's `transform_to_boolexpr` writes it. */
export function booleanExpression(condition: Condition): BooleanExpression {
  const { expression } = condition;
  if (expression.kind === "conjunction") {
    return create(BooleanExpressionSchema, {
      expr: {
        case: "conjunction",
        value: create(ConjunctionExpressionSchema, {
          operator:
            expression.op === "and"
              ? ConjunctionExpression_LogicalOperator.AND
              : ConjunctionExpression_LogicalOperator.OR,
          leftExpression: booleanExpression(expression.left),
          rightExpression: booleanExpression(expression.right),
        }),
      },
    });
  }
  return create(BooleanExpressionSchema, {
    expr: {
      case: "comparison",
      value: create(ComparisonExpressionSchema, {
        operator: COMPARISON[expression.op],
        leftValue: operand(expression.left, expression.right),
        rightValue: operand(expression.right, expression.left),
      }),
    },
  });
}

declare module "./node-output.js" {
  interface NodeOutput {
    /** `this > other`: a condition for a conditional (as flytekit's `a > b` on promises). */
    gt(other: unknown): Condition;
    /** `this >= other`. */
    ge(other: unknown): Condition;
    /** `this < other`. */
    lt(other: unknown): Condition;
    /** `this <= other`. */
    le(other: unknown): Condition;
    /** `this == other`. */
    eq(other: unknown): Condition;
    /** `this != other`. */
    ne(other: unknown): Condition;
  }
}

// The comparison methods live here, beside the conditions they make, so that node-output.ts does
// not depend on this module (promises exist without conditionals).
for (const op of ["gt", "ge", "lt", "le", "eq", "ne"] as const) {
  Object.defineProperty(NodeOutput.prototype, op, {
    value(this: NodeOutput, other: unknown): Condition {
      return Condition.compare(op, this, other);
    },
    writable: true,
    configurable: true,
  });
}
