/** `export const key = new C(...)` (or a static field) where C extends TrackedInstance. */
import type ts from "typescript";
import { bindingOf } from "../bindings.js";
import type { AnalysisContext } from "../context.js";
import { extendsCore } from "../symbols.js";
import { lineOf, nameOption } from "../syntax.js";

export function visitNew(context: AnalysisContext, expression: ts.NewExpression): void {
  const { ts, checker } = context;
  const type = checker.getTypeAtLocation(expression);
  if (!extendsCore(checker, type, "TrackedInstance")) return;
  const isTask = extendsCore(checker, type, "Task");
  const binding = bindingOf(context, expression);
  const className = type.getSymbol()?.getName() ?? "instance";
  if ("problem" in binding) {
    if (isTask)
      context.report(
        expression,
        `a task must be bound to an exported module-level const: this ${className} ${binding.problem}`,
      );
    return;
  }
  if (!context.claimKey(binding.key, expression)) return;
  const name = nameOption(ts, expression.arguments?.[0]);
  if (isTask) context.claimName(name ?? `${context.module}.${binding.key}`, expression);
  context.sites.push({
    kind: "instance",
    expression,
    tracking: {
      module: context.module,
      key: binding.key,
      sourceFile: context.sourceFileName,
      line: lineOf(expression),
    },
    className,
    isTask,
    ...(name === undefined ? {} : { name }),
  });
}
