/** Questions for the checker about symbols: what a name resolves to, what a class extends. */
import type ts from "typescript";
import { isCoreSymbol } from "./type-descriptor.js";

type TS = typeof ts;

/** The symbol an identifier or property access resolves to, through import aliases. */
export function resolvedSymbol(ts: TS, checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  if (symbol === undefined) return undefined;
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** Whether a class type extends a class of @flytekit-ts/core named `base` (anywhere up the chain). */
export function extendsCore(checker: ts.TypeChecker, type: ts.Type, base: string): boolean {
  const seen = new Set<ts.Type>();
  const stack: ts.Type[] = [type];
  while (stack.length > 0) {
    const current = stack.pop() as ts.Type;
    if (seen.has(current)) continue;
    seen.add(current);
    if (isCoreSymbol(current.getSymbol(), base)) return true;
    if (current.isClassOrInterface()) stack.push(...(checker.getBaseTypes(current) ?? []));
    const target = (current as ts.TypeReference).target;
    if (target !== undefined && target !== current) stack.push(target);
  }
  return false;
}
