/**
 * Types as they are written, where the checker's types have lost the order: the checker orders a
 * union's members by when it first met each type anywhere in the program, so `"b" | "a"` reads
 * `["a", "b"]` once another file mentions `"a"` first: an enum's values would change with unrelated
 * code. flytekit's enums keep their declaration order; so do ours, read from the type's syntax.
 */
import type ts from "typescript";

type TS = typeof ts;

/** What a written type name refers to, through imports. */
function symbolOf(ts: TS, checker: ts.TypeChecker, name: ts.EntityName): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  return symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias
    ? checker.getAliasedSymbol(symbol)
    : symbol;
}

/** The non-generic alias a type reference names (through imports), if it names one. */
export function aliasDeclarationOf(
  ts: TS,
  checker: ts.TypeChecker,
  node: ts.TypeReferenceNode,
): ts.TypeAliasDeclaration | undefined {
  if (node.typeArguments !== undefined) return undefined;
  const alias = symbolOf(ts, checker, node.typeName)?.declarations?.find(ts.isTypeAliasDeclaration);
  return alias?.typeParameters === undefined ? alias : undefined;
}

/** A property's type as its declaration writes it. */
export function propertyTypeNode(ts: TS, property: ts.Symbol): ts.TypeNode | undefined {
  const declaration = property.valueDeclaration;
  return declaration !== undefined &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration))
    ? declaration.type
    : undefined;
}

/**
 * The string values `node` writes, in order (through parentheses, unions, aliases and string
 * enums, `null`/`undefined` skipped), or `undefined` when the syntax does not say.
 */
export function declaredLiterals(
  ts: TS,
  checker: ts.TypeChecker,
  node: ts.TypeNode,
  depth = 0,
): string[] | undefined {
  if (depth > 16) return undefined;
  if (ts.isParenthesizedTypeNode(node)) return declaredLiterals(ts, checker, node.type, depth + 1);
  if (ts.isUnionTypeNode(node)) {
    const out: string[] = [];
    for (const member of node.types) {
      const part = declaredLiterals(ts, checker, member, depth + 1);
      if (part === undefined) return undefined;
      out.push(...part);
    }
    return out;
  }
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal) || ts.isNoSubstitutionTemplateLiteral(node.literal))
      return [node.literal.text];
    return node.literal.kind === ts.SyntaxKind.NullKeyword ? [] : undefined;
  }
  if (node.kind === ts.SyntaxKind.UndefinedKeyword || node.kind === ts.SyntaxKind.VoidKeyword) return [];
  if (ts.isTypeReferenceNode(node) && node.typeArguments === undefined) {
    const alias = aliasDeclarationOf(ts, checker, node);
    if (alias !== undefined) return declaredLiterals(ts, checker, alias.type, depth + 1);
    const declared = symbolOf(ts, checker, node.typeName)?.declarations?.find(ts.isEnumDeclaration);
    if (declared === undefined) return undefined;
    const values: string[] = [];
    for (const member of declared.members) {
      const initializer = member.initializer;
      if (initializer === undefined || !ts.isStringLiteralLike(initializer)) return undefined;
      values.push(initializer.text);
    }
    return values;
  }
  return undefined;
}

/** `values` (the checker's) in their declaration order when `written` holds exactly them. */
export function inDeclarationOrder(
  values: readonly string[],
  written: readonly string[] | undefined,
): string[] {
  if (written === undefined) return [...values];
  const ordered = [...new Set(written)];
  const same = ordered.length === new Set(values).size && ordered.every((value) => values.includes(value));
  return same ? ordered : [...values];
}
