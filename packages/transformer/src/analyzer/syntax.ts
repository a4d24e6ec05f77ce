/** Questions about syntax alone (no checker): exports, lines, literals, nesting. */
import type ts from "typescript";

type TS = typeof ts;

export function isExported(ts: TS, node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

/** The 1-based line `node` starts on. */
export function lineOf(node: ts.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/** A literal expression's value (JSON data), or `undefined` when it is not a plain literal. */
export function literalValue(ts: TS, node: ts.Expression): { value: unknown } | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { value: node.text };
  if (ts.isNumericLiteral(node)) return { value: Number(node.text) };
  if (
    ts.isPrefixUnaryExpression(node) &&
    node.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(node.operand)
  ) {
    return { value: -Number(node.operand.text) };
  }
  // `Int(3)` (core's integer brand) holds a literal too.
  if (
    ts.isCallExpression(node) &&
    node.arguments.length === 1 &&
    ((ts.isIdentifier(node.expression) && node.expression.text === "Int") ||
      (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "Int"))
  ) {
    const inner = literalValue(ts, node.arguments[0] as ts.Expression);
    return typeof inner?.value === "number" && Number.isInteger(inner.value) ? inner : undefined;
  }
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { value: null };
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map((element) => literalValue(ts, element));
    return items.every((item) => item !== undefined)
      ? { value: items.map((item) => item?.value) }
      : undefined;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (
        !ts.isPropertyAssignment(property) ||
        !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
      )
        return undefined;
      const item = literalValue(ts, property.initializer);
      if (item === undefined) return undefined;
      out[property.name.text] = item.value;
    }
    return { value: out };
  }
  return undefined;
}

/** The `name` option of an options object literal, when it is a string literal. */
export function nameOption(ts: TS, options: ts.Expression | undefined): string | undefined {
  if (options === undefined || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (
      ts.isPropertyAssignment(property) &&
      ts.isIdentifier(property.name) &&
      property.name.text === "name"
    ) {
      return ts.isStringLiteral(property.initializer) ? property.initializer.text : undefined;
    }
  }
  return undefined;
}

/** The innermost function `node` is inside, if any. */
export function enclosingFunction(ts: TS, node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let parent = node.parent; parent !== undefined && !ts.isSourceFile(parent); parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return parent;
  }
  return undefined;
}

/** Is `node` inside a function? */
export function nestedIn(ts: TS, node: ts.Node): boolean {
  return enclosingFunction(ts, node) !== undefined;
}

/** `expression` without the parentheses, `as` and `satisfies` around it, going up. */
export function outermost(ts: TS, expression: ts.Expression): ts.Node {
  let node: ts.Node = expression;
  while (
    node.parent !== undefined &&
    (ts.isParenthesizedExpression(node.parent) ||
      ts.isAsExpression(node.parent) ||
      ts.isSatisfiesExpression(node.parent))
  )
    node = node.parent;
  return node;
}

/**
 * Is `call` what its enclosing function returns (`=> task(...)`, `return task(...)`)? Such a
 * function is a task factory: the task gets the identity of the exported binding its result goes to.
 */
export function returnedByEnclosingFunction(ts: TS, call: ts.Expression): boolean {
  const fn = enclosingFunction(ts, call);
  if (fn === undefined) return false;
  const node = outermost(ts, call);
  const parent = node.parent;
  if (ts.isArrowFunction(fn) && fn.body === node) return true;
  return parent !== undefined && ts.isReturnStatement(parent) && enclosingFunction(ts, parent) === fn;
}

/** Is the file a test module (`*.test.ts`, `*.spec.ts`, `test_*.ts`), where flytekit allows nested tasks? */
export function isTestModule(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /\.(test|spec)\.[cm]?tsx?$/.test(base) || /^test_/.test(base);
}
