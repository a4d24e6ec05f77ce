/**
 * The analyzer: walks one source file and hands each site to the module that knows its kind
 * (`sites/`): task calls, factory calls, workflow calls, launch plans, tracked instances and
 * classes, `@task` methods. What it finds is what the transformer attaches and the manifest lists.
 */
import type ts from "typescript";
import { createContext } from "./context.js";
import type { Analysis, AnalyzeOptions } from "./site-types.js";
import { visitFactoryCall } from "./sites/factory-call.js";
import { visitLaunchPlan } from "./sites/launch-plan.js";
import { visitTaskMethods } from "./sites/method-decorator.js";
import { visitTaskCall } from "./sites/task-call.js";
import { visitTrackedClass } from "./sites/tracked-class.js";
import { visitNew } from "./sites/tracked-instance.js";
import { visitWorkflowCall } from "./sites/workflow-call.js";
import { resolvedSymbol } from "./symbols.js";
import { isCoreSymbol } from "./type-descriptor.js";

export type * from "./site-types.js";
export { literalValue } from "./syntax.js";

/** The names a file's imports bind: a `task` call's callee is one of them (or a namespace access). */
function importedNames(ts: typeof import("typescript"), sourceFile: ts.SourceFile): Set<string> {
  const imported = new Set<string>();
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause === undefined) continue;
    if (clause.name !== undefined) imported.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings !== undefined && ts.isNamespaceImport(bindings)) imported.add(bindings.name.text);
    if (bindings !== undefined && ts.isNamedImports(bindings))
      for (const element of bindings.elements) imported.add(element.name.text);
  }
  return imported;
}

/** Analyzes one source file of a program: every task, workflow, launch plan and tracked object in it. */
export function analyzeSourceFile(
  tsInstance: typeof import("typescript"),
  program: ts.Program,
  sourceFile: ts.SourceFile,
  options: AnalyzeOptions,
): Analysis {
  const ts = tsInstance;
  const context = createContext(ts, program, sourceFile, options);
  const { checker, module, sites, diagnostics } = context;
  // Calls of names no import binds are not core's: skipped without asking the checker. A file
  // that imports nothing has no tasks.
  const imported = importedNames(ts, sourceFile);
  if (imported.size === 0) return { module, sites, diagnostics };
  const mayBeCore = (callee: ts.Expression): boolean =>
    (ts.isIdentifier(callee) && imported.has(callee.text)) ||
    (ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      imported.has(callee.expression.text));

  const visitCall = (call: ts.CallExpression): void => {
    const callee = mayBeCore(call.expression) ? resolvedSymbol(ts, checker, call.expression) : undefined;
    const { expression } = call;
    // dynamic() declares a task like task() does: the same identity and signature.
    if (isCoreSymbol(callee, "task") || isCoreSymbol(callee, "dynamic")) visitTaskCall(context, call);
    else if (isCoreSymbol(callee, "workflow")) visitWorkflowCall(context, call);
    else if (
      ts.isPropertyAccessExpression(expression) &&
      expression.name.text === "create" &&
      mayBeCore(expression.expression) &&
      isCoreSymbol(resolvedSymbol(ts, checker, expression.expression), "LaunchPlan")
    )
      visitLaunchPlan(context, call);
    else visitFactoryCall(context, call);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) visitCall(node);
    else if (ts.isNewExpression(node)) visitNew(context, node);
    else if (ts.isClassDeclaration(node)) {
      visitTrackedClass(context, node);
      visitTaskMethods(context, node);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return { module, sites, diagnostics };
}
