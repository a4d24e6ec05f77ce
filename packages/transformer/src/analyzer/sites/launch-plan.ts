/** `export const key = LaunchPlan.create("name", workflow, ...)`: recorded in the manifest, not rewritten. */
import type ts from "typescript";
import { bindingOf } from "../bindings.js";
import type { AnalysisContext } from "../context.js";
import { lineOf } from "../syntax.js";

export function visitLaunchPlan(context: AnalysisContext, call: ts.CallExpression): void {
  const { ts } = context;
  const [nameArg] = call.arguments;
  const binding = bindingOf(context, call);
  if ("problem" in binding) {
    context.report(
      call,
      `a launch plan must be bound to an exported module-level const: this launch plan ${binding.problem}`,
    );
    return;
  }
  if (!context.claimKey(binding.key, call)) return;
  const name = nameArg !== undefined && ts.isStringLiteral(nameArg) ? nameArg.text : undefined;
  context.sites.push({
    kind: "launchPlan",
    call,
    tracking: {
      module: context.module,
      key: binding.key,
      sourceFile: context.sourceFileName,
      line: lineOf(call),
    },
    ...(name === undefined ? {} : { name }),
  });
}
