import { describe, expect, test } from "vitest";
import type { CachedFindings } from "../src/syntactic/cache-shard.js";
import { decodeShard, encodeShard } from "../src/syntactic/cache-shard.js";

/** The syntactic front's cache files: what is written is read back whole, or not at all. */
const modules: Record<string, CachedFindings> = {
  "/p/src/a.ts": {
    reads: { "/p/src/a.ts": "ab".repeat(32) },
    resolutions: { "/p/src\0./b.js": "/p/src/b.ts" },
    returns: { add: { kind: "single", type: { kind: "int" } } },
    entries: {
      tasks: [
        ["a", "add", '{"name":"a.add","doc":"naïve \\"quoted\\" 🚀 text","line":3}'],
        ["a", "sub", '{"name":"a.sub"}'],
      ],
      workflows: [["a", 9, '{"name":"a.flow","kind":"workflow"}']],
      exports: [],
    },
  },
  "/p/src/empty.ts": {
    reads: {},
    resolutions: {},
    returns: {},
    entries: { tasks: [], workflows: [], exports: [["empty", "Executor", '{"key":"Executor"}']] },
  },
};

describe("a cache shard", () => {
  test("holds the entries' texts as they are, and gives back exactly what was written", () => {
    const text = encodeShard("key-1", modules);
    // The texts follow the head unescaped.
    expect(text.slice(text.indexOf("\n") + 1)).toBe(
      '{"name":"a.add","doc":"naïve \\"quoted\\" 🚀 text","line":3}{"name":"a.sub"}{"name":"a.flow","kind":"workflow"}{"key":"Executor"}',
    );
    expect(decodeShard(text, "key-1")).toEqual(modules);
  });

  test("another build's, a cut or padded one, or another format is not read", () => {
    const text = encodeShard("key-1", modules);
    expect(decodeShard(text, "key-2")).toBeUndefined();
    expect(decodeShard(text.slice(0, -5), "key-1")).toBeUndefined();
    expect(decodeShard(`${text}x`, "key-1")).toBeUndefined();
    expect(decodeShard(JSON.stringify({ key: "key-1", modules }), "key-1")).toBeUndefined();
    expect(decodeShard("not a shard\n", "key-1")).toBeUndefined();
  });
});
