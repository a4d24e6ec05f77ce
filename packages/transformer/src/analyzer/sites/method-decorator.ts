/** `@task` on the methods of an exported class. */
import type ts from "typescript";
import type { AnalysisContext } from "../context.js";
import { signatureOf } from "../signatures.js";
import { resolvedSymbol } from "../symbols.js";
import { isExported, lineOf, nameOption } from "../syntax.js";
import { isCoreSymbol } from "../type-descriptor.js";

export function visitTaskMethods(context: AnalysisContext, declaration: ts.ClassDeclaration): void {
  const { ts, checker, report } = context;
  const className = declaration.name?.text;
  const exported = isExported(ts, declaration) && ts.isSourceFile(declaration.parent);
  for (const member of declaration.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    const decorator = ts.getDecorators(member)?.find((d) => {
      const callee = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
      return isCoreSymbol(resolvedSymbol(ts, checker, callee), "task");
    });
    if (decorator === undefined) continue;
    const method = ts.isIdentifier(member.name) ? member.name.text : undefined;
    if (method === undefined || className === undefined) {
      report(member, "@task needs a named method of a named class");
      continue;
    }
    if (!exported) {
      report(
        member,
        `@task method ${className}.${method}: class ${className} must be exported at module level`,
      );
      continue;
    }
    const key = `${className}.${method}`;
    if (!context.claimKey(key, member)) continue;
    const signature = signatureOf(context, member, member, undefined, `task ${key}`);
    if (signature === undefined) continue;
    const options = ts.isCallExpression(decorator.expression) ? decorator.expression.arguments[0] : undefined;
    const name = nameOption(ts, options);
    context.claimName(name ?? `${context.module}.${key}`, member);
    context.sites.push({
      kind: "method",
      classDeclaration: declaration,
      method,
      meta: {
        module: context.module,
        key,
        sourceFile: context.sourceFileName,
        line: lineOf(member),
        signature,
      },
      ...(name === undefined ? {} : { name }),
    });
  }
}
