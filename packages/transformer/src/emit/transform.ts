import type ts from "typescript";
import {
  type Analysis,
  type AnalyzeOptions,
  analyzeSourceFile,
  type FlyteDiagnostic,
} from "../analyzer/analyze.js";
import { jsonParseExpression } from "./json-expression.js";

type TS = typeof ts;

/** The names the emitted code imports from @flytekit-ts/core/internal (never clashing with user names). */
const TRACK = "__flyteTrack";
const REGISTER = "__flyteRegisterTaskMeta";
const BIND = "__flyteBindTask";
const IMPORTED: Readonly<Record<string, string>> = {
  [TRACK]: "track",
  [REGISTER]: "registerTaskMeta",
  [BIND]: "bindTask",
};

/**
 * A `before` transformer that passes what TypeScript erases to the runtime, as plain data attached
 * to the call sites (no user logic is rewritten):
 * - `task(fn, options?)` -> `task(fn, options, { module, key, sourceFile, line, signature })`,
 *   and the same for `workflow(fn, options?)`;
 * - `new C(...)` bound to an export, C a TrackedInstance -> `new C(...).track({ module, key, ... })`;
 * - `makeReport(...)` bound to an export, returning a task -> `bindTask(makeReport(...), meta)`;
 * - after an exported class: `__flyteTrack(C, ...)` for executor/resolver classes, and
 *   `__flyteRegisterTaskMeta(C, "method", meta)` for its `@task` methods.
 * Problems go to `report` with their node (file and line). `analyze` lets a front share its analyses.
 */
export function createTaskTransformer(
  tsInstance: TS,
  program: ts.Program,
  options: AnalyzeOptions,
  report: (diagnostic: FlyteDiagnostic) => void,
  analyze: (sourceFile: ts.SourceFile) => Analysis = (sourceFile) =>
    analyzeSourceFile(tsInstance, program, sourceFile, options),
): ts.TransformerFactory<ts.SourceFile> {
  const ts = tsInstance;
  return (context) => (sourceFile) => {
    if (sourceFile.isDeclarationFile) return sourceFile;
    const original = program.getSourceFile(sourceFile.fileName) ?? sourceFile;
    const analysis = analyze(original);
    analysis.diagnostics.forEach(report);
    if (analysis.sites.length === 0) return sourceFile;
    const { factory } = context;
    const calls = new Map<ts.Node, ts.Expression>();
    const after = new Map<ts.Node, ts.Statement[]>();
    const imports = new Set<string>();
    const callStatement = (callee: string, args: ts.Expression[]) =>
      factory.createExpressionStatement(
        factory.createCallExpression(factory.createIdentifier(callee), undefined, args),
      );

    for (const site of analysis.sites) {
      // Launch plans are recorded in the manifest only; their name is explicit.
      if (site.kind === "launchPlan") continue;
      if (site.kind === "factory") {
        imports.add(BIND);
        calls.set(
          site.call,
          factory.createCallExpression(factory.createIdentifier(BIND), undefined, [
            site.call,
            jsonParseExpression(factory, site.meta),
          ]),
        );
        continue;
      }
      if (site.kind === "function" || site.kind === "workflow") {
        const [fn, options] = site.call.arguments;
        calls.set(
          site.call,
          factory.updateCallExpression(site.call, site.call.expression, site.call.typeArguments, [
            fn as ts.Expression,
            options ?? factory.createIdentifier("undefined"),
            jsonParseExpression(factory, site.meta),
          ]),
        );
      } else if (site.kind === "instance") {
        calls.set(
          site.expression,
          factory.createCallExpression(
            factory.createPropertyAccessExpression(
              factory.createParenthesizedExpression(site.expression),
              "track",
            ),
            undefined,
            [jsonParseExpression(factory, site.tracking)],
          ),
        );
      } else {
        const name = site.classDeclaration.name?.text as string;
        const list = after.get(site.classDeclaration) ?? [];
        if (site.kind === "class") {
          imports.add(TRACK);
          list.push(
            callStatement(TRACK, [
              factory.createIdentifier(name),
              jsonParseExpression(factory, site.tracking),
            ]),
          );
        } else {
          imports.add(REGISTER);
          list.push(
            callStatement(REGISTER, [
              factory.createIdentifier(name),
              factory.createStringLiteral(site.method),
              jsonParseExpression(factory, site.meta),
            ]),
          );
        }
        after.set(site.classDeclaration, list);
      }
    }

    const visit = (node: ts.Node): ts.VisitResult<ts.Node> => {
      const replacement = calls.get(node);
      if (replacement !== undefined) {
        // Transform inside the arguments too (a task's function may contain tracked instances? rare, but keep nesting right).
        return replacement;
      }
      const visited = ts.visitEachChild(node, visit, context);
      const extra = after.get(node);
      return extra === undefined ? visited : [visited, ...extra];
    };
    let result = ts.visitEachChild(sourceFile, visit, context);
    if (imports.size > 0) {
      const importDeclaration = factory.createImportDeclaration(
        undefined,
        factory.createImportClause(
          false,
          undefined,
          factory.createNamedImports(
            [...imports]
              .sort()
              .map((local) =>
                factory.createImportSpecifier(
                  false,
                  factory.createIdentifier(IMPORTED[local] as string),
                  factory.createIdentifier(local),
                ),
              ),
          ),
        ),
        factory.createStringLiteral("@flytekit-ts/core/internal"),
      );
      result = factory.updateSourceFile(result, [importDeclaration, ...result.statements]);
    }
    return result;
  };
}

/** A compiler diagnostic for a flytekit-ts problem (code 90001), with file and position. */
export function toDiagnostic(ts: TS, diagnostic: FlyteDiagnostic): ts.Diagnostic {
  const sourceFile = diagnostic.node.getSourceFile();
  return {
    category: ts.DiagnosticCategory.Error,
    code: 90001,
    file: sourceFile,
    start: diagnostic.node.getStart(sourceFile),
    length: diagnostic.node.getWidth(sourceFile),
    messageText: `flytekit-ts: ${diagnostic.message}`,
    source: "flytekit-ts",
  };
}
