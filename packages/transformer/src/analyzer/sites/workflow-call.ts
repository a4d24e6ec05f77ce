/** `export const key = workflow(fn, options?)`. */
import type ts from "typescript";
import { exportedBinding } from "../bindings.js";
import type { AnalysisContext } from "../context.js";
import { nameOption, nestedIn } from "../syntax.js";
import { recordSignedCall } from "./signed-call.js";

export function visitWorkflowCall(context: AnalysisContext, call: ts.CallExpression): void {
  const { ts, report } = context;
  const [fnArg, optionsArg] = call.arguments;
  if (fnArg === undefined) return;
  if (nestedIn(ts, call)) {
    report(
      call,
      "a workflow cannot be declared inside a function: declare it at module level, export const name = workflow(...)",
    );
    return;
  }
  const binding = exportedBinding(context, call, "workflow");
  if (binding === undefined) return;
  if (!(ts.isArrowFunction(fnArg) || ts.isFunctionExpression(fnArg))) {
    report(
      fnArg,
      `workflow ${binding.key}: pass the workflow's function inline (an arrow function or a function expression)`,
    );
    return;
  }
  recordSignedCall(context, "workflow", call, fnArg, fnArg, binding, nameOption(ts, optionsArg));
}
