/**
 * `export const key = makeReport("daily")`: a call whose result is a task made by `task()` in
 * another function (a factory). flytekit tracks such instances where they are assigned; so does
 * this: the binding gives the identity, the task function's signature the interface.
 */
import type ts from "typescript";
import { bindingOf } from "../bindings.js";
import type { AnalysisContext } from "../context.js";
import { outermost } from "../syntax.js";
import { isCoreSymbol } from "../type-descriptor.js";
import { recordSignedCall } from "./signed-call.js";

/** Is `call` the initializer of a module-level variable (checked before asking the checker anything)? */
function initializesModuleVariable(ts: typeof import("typescript"), call: ts.CallExpression): boolean {
  const parent = outermost(ts, call).parent;
  return (
    parent !== undefined &&
    ts.isVariableDeclaration(parent) &&
    parent.parent?.parent !== undefined &&
    ts.isVariableStatement(parent.parent.parent) &&
    ts.isSourceFile(parent.parent.parent.parent)
  );
}

/** The declaration of the function a task value's type carries (`FunctionTask<F>`'s `taskFunction`). */
function taskFunctionDeclaration(
  context: AnalysisContext,
  type: ts.Type,
): ts.SignatureDeclaration | undefined {
  const { ts, checker } = context;
  const property = checker.getPropertyOfType(type, "taskFunction");
  if (property === undefined || !isCoreSymbol(property, "taskFunction")) return undefined;
  const fnType = checker.getTypeOfSymbol(property);
  const declaration = checker.getSignaturesOfType(fnType, ts.SignatureKind.Call)[0]?.getDeclaration();
  return declaration !== undefined && ts.isFunctionLike(declaration) ? declaration : undefined;
}

/** Visits a call that is not `task()`, `workflow()` or `LaunchPlan.create()`; records it if it makes a task. */
export function visitFactoryCall(context: AnalysisContext, call: ts.CallExpression): void {
  const { ts, checker } = context;
  if (!initializesModuleVariable(ts, call)) return;
  const fn = taskFunctionDeclaration(context, checker.getTypeAtLocation(call));
  if (fn === undefined) return;
  const binding = bindingOf(context, call);
  if ("problem" in binding) {
    context.report(
      call,
      `a task must be bound to an exported module-level const (export const name = factory(...)): this task ${binding.problem}`,
    );
    return;
  }
  recordSignedCall(context, "factory", call, fn, call, binding, undefined);
}
