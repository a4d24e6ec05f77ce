/** The common end of the call sites that carry a signature: task(), workflow() and factory calls. */
import type ts from "typescript";
import type { Binding } from "../bindings.js";
import type { AnalysisContext } from "../context.js";
import { signatureOf } from "../signatures.js";
import { lineOf } from "../syntax.js";

/**
 * Claims the binding's key and the name, reads the signature of `fn` and records the site; a
 * problem is reported instead.
 * @param name the explicit `name` option, if a literal.
 */
export function recordSignedCall(
  context: AnalysisContext,
  kind: "function" | "workflow" | "factory",
  call: ts.CallExpression,
  fn: ts.SignatureDeclaration,
  at: ts.Node,
  binding: Binding,
  name: string | undefined,
): void {
  if (!context.claimKey(binding.key, call)) return;
  const what = `${kind === "workflow" ? "workflow" : "task"} ${binding.key}`;
  const signature = signatureOf(context, fn, at, binding.holder, what, kind === "workflow");
  if (signature === undefined) return;
  context.claimName(name ?? `${context.module}.${binding.key}`, call);
  const meta = {
    module: context.module,
    key: binding.key,
    sourceFile: context.sourceFileName,
    line: lineOf(call),
    signature,
  };
  context.sites.push(
    kind === "factory" ? { kind, call, meta } : { kind, call, meta, ...(name === undefined ? {} : { name }) },
  );
}
