import type ts from "typescript";

/** A JSON value as a TypeScript expression (object keys quoted only where needed). */
export function jsonExpression(
  ts: typeof import("typescript"),
  factory: ts.NodeFactory,
  value: unknown,
): ts.Expression {
  if (value === null) return factory.createNull();
  if (value === undefined) return factory.createIdentifier("undefined");
  if (typeof value === "string") return factory.createStringLiteral(value);
  if (typeof value === "boolean") return value ? factory.createTrue() : factory.createFalse();
  if (typeof value === "number") {
    return value < 0 || Object.is(value, -0)
      ? factory.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, factory.createNumericLiteral(-value))
      : factory.createNumericLiteral(value);
  }
  if (Array.isArray(value))
    return factory.createArrayLiteralExpression(value.map((item) => jsonExpression(ts, factory, item)));
  return factory.createObjectLiteralExpression(
    Object.entries(value as Record<string, unknown>).map(([key, item]) =>
      factory.createPropertyAssignment(
        /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
          ? factory.createIdentifier(key)
          : factory.createStringLiteral(key),
        jsonExpression(ts, factory, item),
      ),
    ),
    false,
  );
}
