/** `export const key = task(fn, options?)`, and `task()` calls inside functions (factories, tests). */
import type ts from "typescript";
import { exportedBinding } from "../bindings.js";
import type { AnalysisContext } from "../context.js";
import { signatureOf } from "../signatures.js";
import { resolvedSymbol } from "../symbols.js";
import {
  enclosingFunction,
  lineOf,
  nameOption,
  nestedIn,
  outermost,
  returnedByEnclosingFunction,
} from "../syntax.js";
import { recordSignedCall } from "./signed-call.js";

/** The declaration of the function a task is made from: inline, or the name of one in this project. */
function taskFunctionOf(context: AnalysisContext, fnArg: ts.Expression): ts.SignatureDeclaration | undefined {
  const { ts, checker } = context;
  if (!ts.isIdentifier(fnArg)) return fnArg as ts.SignatureDeclaration;
  const declaration = resolvedSymbol(ts, checker, fnArg)?.valueDeclaration;
  if (declaration !== undefined && ts.isFunctionDeclaration(declaration)) return declaration;
  if (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
  ) {
    return declaration.initializer;
  }
  return undefined;
}

/**
 * A task defined inside a function of a test module (flytekit allows nested tasks there): it gets
 * its interface and the identity `<function>.<local name>` so it runs locally; it is never packaged.
 */
function visitTestTask(context: AnalysisContext, call: ts.CallExpression, fn: ts.SignatureDeclaration): void {
  const { ts, module, sourceFileName } = context;
  const parent = outermost(ts, call).parent;
  const local =
    parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)
      ? parent.name.text
      : `task_${lineOf(call)}`;
  const owner = enclosingFunction(ts, call);
  const ownerName = owner?.name !== undefined && ts.isIdentifier(owner.name) ? owner.name.text : "<local>";
  const key = `${ownerName}.${local}`;
  const signature = signatureOf(context, fn, call.arguments[0] as ts.Expression, undefined, `task ${key}`);
  if (signature === undefined) return;
  const name = nameOption(ts, call.arguments[1]);
  context.sites.push({
    kind: "function",
    call,
    meta: { module, key, sourceFile: sourceFileName, line: lineOf(call), signature },
    local: true,
    ...(name === undefined ? {} : { name }),
  });
}

export function visitTaskCall(context: AnalysisContext, call: ts.CallExpression): void {
  const { ts, report } = context;
  const [fnArg, optionsArg] = call.arguments;
  // `task(options)` is the decorator form, handled with its class.
  if (
    fnArg === undefined ||
    !(ts.isArrowFunction(fnArg) || ts.isFunctionExpression(fnArg) || ts.isIdentifier(fnArg))
  )
    return;
  if (ts.isDecorator(call.parent)) return;
  if (nestedIn(ts, call)) {
    // A factory (`makeReport(kind) => task(...)`): the exported binding of its result is the site.
    if (returnedByEnclosingFunction(ts, call)) return;
    const fn = taskFunctionOf(context, fnArg);
    if (context.testModule && fn !== undefined) {
      visitTestTask(context, call, fn);
      return;
    }
    report(
      call,
      "a task cannot be declared inside a function (flytekit's nested/inner function rule): declare it at module level, export const name = task(...), or return it from a factory function whose result is bound to an exported const",
    );
    return;
  }
  const binding = exportedBinding(context, call, "task");
  if (binding === undefined) return;
  const fn = taskFunctionOf(context, fnArg);
  if (fn === undefined) {
    report(
      fnArg,
      `task ${binding.key}: pass a function declared in this project (an arrow function, a function expression, or the name of a function)`,
    );
    return;
  }
  if (fn !== fnArg && nestedIn(ts, fn)) {
    report(
      fn,
      `task ${binding.key}: a task function cannot be a nested/inner or local function; declare it at module level`,
    );
    return;
  }
  recordSignedCall(context, "function", call, fn, fnArg, binding, nameOption(ts, optionsArg));
}
