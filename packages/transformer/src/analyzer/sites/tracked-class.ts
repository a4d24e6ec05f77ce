/** An exported class that extends TrackedInstance (executors, resolvers): tracked by its class. */
import type ts from "typescript";
import type { AnalysisContext } from "../context.js";
import { extendsCore } from "../symbols.js";
import { isExported, lineOf } from "../syntax.js";

export function visitTrackedClass(context: AnalysisContext, declaration: ts.ClassDeclaration): void {
  const { ts, checker } = context;
  const className = declaration.name?.text;
  if (className === undefined || !isExported(ts, declaration) || !ts.isSourceFile(declaration.parent)) return;
  if (!extendsCore(checker, checker.getTypeAtLocation(declaration), "TrackedInstance")) return;
  if (!context.claimKey(className, declaration)) return;
  context.sites.push({
    kind: "class",
    classDeclaration: declaration,
    tracking: {
      module: context.module,
      key: className,
      sourceFile: context.sourceFileName,
      line: lineOf(declaration),
    },
  });
}
