import { describe, expect, test } from "vitest";
import { Interface, literalTypeOf, t } from "../src/index.js";

describe("interface literal types", () => {
  const point = t.struct("Point", { x: t.int, y: t.optional(t.float) });

  test("one frozen LiteralType per distinct type is shared between interfaces", () => {
    const a = new Interface({ inputs: { p: point } }).toModel();
    const b = new Interface({ inputs: { q: structuredClone(point) } }).toModel();
    const typeA = a.inputs?.variables.p?.type;
    expect(typeA).toBe(b.inputs?.variables.q?.type);
    expect(Object.isFrozen(typeA)).toBe(true);
    // Mutating a shared type fails loudly instead of changing other templates.
    expect(() => {
      (typeA as { metadata: unknown }).metadata = undefined;
    }).toThrow(TypeError);
    // Variables themselves are fresh messages.
    expect(a.inputs?.variables.p).not.toBe(b.inputs?.variables.q);
  });

  test("literalTypeOf still returns a fresh, mutable message", () => {
    const fresh = literalTypeOf(point);
    expect(Object.isFrozen(fresh)).toBe(false);
    expect(fresh).not.toBe(literalTypeOf(point));
  });
});
