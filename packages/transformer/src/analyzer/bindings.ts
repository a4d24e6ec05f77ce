/** Where a task, workflow or tracked instance is bound: the exported name that gives its identity. */
import type ts from "typescript";
import type { AnalysisContext } from "./context.js";
import { isExported, outermost } from "./syntax.js";

/** An exported module-level binding: its key and the statement (or static field) holding it. */
export interface Binding {
  readonly key: string;
  readonly holder: ts.Node;
}

/** The exported module-level binding `node` initializes, or why it has none. */
export function bindingOf(
  { ts }: Pick<AnalysisContext, "ts">,
  node: ts.Expression,
): Binding | { problem: string } {
  const parent = outermost(ts, node).parent;
  if (parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const statement = parent.parent?.parent;
    if (statement === undefined || !ts.isVariableStatement(statement) || !ts.isSourceFile(statement.parent)) {
      return { problem: "is not bound at module level" };
    }
    if (!isExported(ts, statement)) return { problem: `${parent.name.text} is not exported` };
    return { key: parent.name.text, holder: statement };
  }
  if (parent !== undefined && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const owner = parent.parent;
    const isStatic = parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
    if (
      ts.isClassDeclaration(owner) &&
      owner.name !== undefined &&
      isStatic &&
      ts.isSourceFile(owner.parent)
    ) {
      if (!isExported(ts, owner)) return { problem: `class ${owner.name.text} is not exported` };
      return { key: `${owner.name.text}.${parent.name.text}`, holder: parent };
    }
  }
  return { problem: "is not bound to an exported name" };
}

/** The exported binding of a `task(...)`/`workflow(...)` call, or `undefined` with the problem reported. */
export function exportedBinding(
  context: AnalysisContext,
  call: ts.CallExpression,
  what: "task" | "workflow",
): Binding | undefined {
  const binding = bindingOf(context, call);
  if (!("problem" in binding)) return binding;
  context.report(
    call,
    `a ${what} must be bound to an exported module-level const (export const name = ${what}(...)): this ${what} ${binding.problem}`,
  );
  return undefined;
}
