/**
 * What a workflow returns, from its body: a workflow's return type is inferred (`(name: string) =>
 * letters(greet(name))`), and the checker reads it as the promised output of the task it calls or
 * the parameter it passes through. The syntax decides exactly these: an expression body or a
 * block whose only `return` ends it, returning a call of a project task or a parameter; a block
 * without `return` returns nothing. Anything else declines.
 */
import type { ParameterDescriptor, ReturnDescriptor } from "@flytekit-ts/core/manifest";
import type { Expression, Node } from "oxc-parser";
import { Decline } from "./decline.js";
import { eachNode } from "./each-node.js";
import type { TaskFunction } from "./function-signature.js";

/** The return descriptor of the task a name calls, if it names one. */
export type TaskReturns = (name: string) => ReturnDescriptor | undefined;

const FUNCTIONS = new Set(["ArrowFunctionExpression", "FunctionExpression", "FunctionDeclaration"]);

/** The `return` statements of a block, nested blocks included, functions inside it excluded. */
function returnsIn(block: unknown): Node[] {
  const out: Node[] = [];
  eachNode(block, (node) => {
    if (node.type === "ReturnStatement") out.push(node);
    return !FUNCTIONS.has(node.type);
  });
  return out;
}

/** Names a block declares (a local `const greet` would hide the task of that name). */
function declaredIn(block: unknown): Set<string> {
  const out = new Set<string>();
  eachNode(block, (node) => {
    if (
      (node.type === "VariableDeclarator" ||
        node.type === "FunctionDeclaration" ||
        node.type === "ClassDeclaration") &&
      node.id?.type === "Identifier"
    )
      out.add(node.id.name);
    return true;
  });
  return out;
}

export function workflowReturns(
  fn: TaskFunction,
  params: readonly ParameterDescriptor[],
  taskReturns: TaskReturns,
): ReturnDescriptor {
  if (fn.returnType != null || fn.async) throw new Decline("a workflow with a written or async return type");
  let returned: Expression;
  const hidden = new Set(params.map((param) => param.name));
  if (fn.body !== null && fn.body.type !== "BlockStatement") {
    returned = fn.body;
  } else {
    const body = fn.body;
    if (body === null) throw new Decline("a workflow without a body");
    const returns = returnsIn(body.body);
    if (returns.length === 0) return { kind: "void" };
    const last = body.body[body.body.length - 1];
    if (returns.length !== 1 || last?.type !== "ReturnStatement")
      throw new Decline("a workflow with several returns");
    if (last.argument === null) return { kind: "void" };
    returned = last.argument;
    for (const name of declaredIn(body.body)) hidden.add(name);
  }
  while (returned.type === "ParenthesizedExpression") returned = returned.expression;
  if (returned.type === "Identifier") {
    const param = params.find((candidate) => candidate.name === returned.name);
    if (param === undefined) throw new Decline(`a workflow returning ${returned.name}`);
    return { kind: "single", type: param.type };
  }
  if (
    returned.type === "CallExpression" &&
    returned.callee.type === "Identifier" &&
    !hidden.has(returned.callee.name)
  ) {
    const returns = taskReturns(returned.callee.name);
    if (returns !== undefined) return returns;
  }
  throw new Decline("a workflow returning what only the checker can type");
}
