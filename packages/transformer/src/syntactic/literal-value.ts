/** A default value written as a literal, read as the checker-based analyzer reads it (`syntax.ts`). */
import type { Expression } from "oxc-parser";
import { propertyName } from "./parsed-module.js";

/** The JSON value of a literal expression, or `undefined` when it is not a plain literal. */
export function literalValue(node: Expression): { value: unknown } | undefined {
  switch (node.type) {
    case "Literal":
      if ("regex" in node || "bigint" in node) return undefined;
      return { value: node.value };
    case "TemplateLiteral":
      return node.expressions.length === 0 ? { value: node.quasis[0]?.value.cooked ?? "" } : undefined;
    case "UnaryExpression":
      return node.operator === "-" &&
        node.argument.type === "Literal" &&
        typeof node.argument.value === "number"
        ? { value: -node.argument.value }
        : undefined;
    case "CallExpression": {
      // `Int(3)` (core's integer brand) holds a literal too.
      const { callee } = node;
      const isInt =
        (callee.type === "Identifier" && callee.name === "Int") ||
        (callee.type === "MemberExpression" && !callee.computed && callee.property.name === "Int");
      const [argument] = node.arguments;
      if (
        !isInt ||
        node.arguments.length !== 1 ||
        argument === undefined ||
        argument.type === "SpreadElement"
      )
        return undefined;
      const inner = literalValue(argument);
      return typeof inner?.value === "number" && Number.isInteger(inner.value) ? inner : undefined;
    }
    case "ArrayExpression": {
      const items: unknown[] = [];
      for (const element of node.elements) {
        if (element === null || element.type === "SpreadElement") return undefined;
        const item = literalValue(element);
        if (item === undefined) return undefined;
        items.push(item.value);
      }
      return { value: items };
    }
    case "ObjectExpression": {
      const out: Record<string, unknown> = {};
      for (const property of node.properties) {
        if (property.type !== "Property" || property.kind !== "init" || property.method || property.shorthand)
          return undefined;
        if (property.computed) return undefined;
        const name = propertyName(property.key);
        if (name === undefined) return undefined;
        const item = literalValue(property.value as Expression);
        if (item === undefined) return undefined;
        out[name] = item.value;
      }
      return { value: out };
    }
    default:
      return undefined;
  }
}
