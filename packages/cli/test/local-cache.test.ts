import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Int, t, task } from "@flytekit-ts/core";
import { afterAll, describe, expect, test } from "vitest";
import { LocalCache } from "../src/execution/local-cache.js";
import { localExecute } from "../src/execution/local-execute.js";
import { tsflyte } from "./support/cli.js";

const folders: string[] = [];
const freshCache = () => {
  const folder = mkdtempSync(join(tmpdir(), "local-cache-"));
  folders.push(folder);
  return new LocalCache(join(folder, "cache"));
};
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

let runs = 0;
const meta = (key: string, params: { name: string; type: typeof t.int | typeof t.string }[]) => ({
  module: "cached",
  key,
  signature: { params, returns: { kind: "single" as const, type: t.int } },
});
const slowSquare = task(
  (x: Int, _note: string): Int => {
    runs++;
    return (x * x) as Int;
  },
  { cache: true, cacheVersion: "1", cacheIgnoreInputVars: ["note"] },
  meta("slowSquare", [
    { name: "x", type: t.int },
    { name: "note", type: t.string },
  ]),
);
const uncached = task(
  (x: Int): Int => {
    runs++;
    return x;
  },
  {},
  meta("uncached", [{ name: "x", type: t.int }]),
);

describe("the local cache (tasks with cache: true)", () => {
  test("a second run with the same inputs reuses the outputs and says so; other inputs, another version or --no-cache run again", async () => {
    const cache = freshCache();
    const hits: string[] = [];
    const options = { cache, onCacheHit: (name: string) => hits.push(name) };
    runs = 0;
    expect(await localExecute(slowSquare as never, { x: 3, note: "a" }, options)).toEqual({ o0: 9 });
    expect(await localExecute(slowSquare as never, { x: 3, note: "a" }, options)).toEqual({ o0: 9 });
    expect(runs).toBe(1);
    expect(hits).toEqual(["cached.slowSquare"]);
    // An ignored input does not change the key; another input does.
    await localExecute(slowSquare as never, { x: 3, note: "b" }, options);
    expect(runs).toBe(1);
    await localExecute(slowSquare as never, { x: 4, note: "a" }, options);
    expect(runs).toBe(2);
    // Without the cache, it runs.
    await localExecute(slowSquare as never, { x: 3, note: "a" }, { cache: false });
    expect(runs).toBe(3);
    // A task without cache: true never uses it.
    await localExecute(uncached as never, { x: 1 }, options);
    await localExecute(uncached as never, { x: 1 }, options);
    expect(runs).toBe(5);
    expect(readdirSync(cache.folder)).toHaveLength(2);
    await cache.clear();
    await localExecute(slowSquare as never, { x: 3, note: "a" }, options);
    expect(runs).toBe(6);
  });

  test("a failed run is not cached", async () => {
    const cache = freshCache();
    let fail = true;
    const flaky = task(
      (x: Int): Int => {
        if (fail) throw new Error("flaky");
        return x;
      },
      { cache: true, cacheVersion: "1" },
      meta("flaky", [{ name: "x", type: t.int }]),
    );
    await expect(localExecute(flaky as never, { x: 1 }, { cache })).rejects.toThrow("flaky");
    fail = false;
    expect(await localExecute(flaky as never, { x: 1 }, { cache })).toEqual({ o0: 1 });
  });
});

describe("tsflyte run and the local cache", () => {
  test("a cache hit is said; --no-cache runs the task; tsflyte local-cache clear empties the cache", () => {
    const folder = mkdtempSync(join(tmpdir(), "local-cache-cli-"));
    folders.push(folder);
    const env = { XDG_CACHE_HOME: join(folder, "cache"), STAMP_FILE: join(folder, "stamp") };
    const marks = () =>
      existsSync(env.STAMP_FILE)
        ? readFileSync(env.STAMP_FILE, "utf8").split("\n").filter(Boolean).length
        : 0;
    const first = tsflyte(["run", "cached", "stamp", "--x", "1"], { env });
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ o0: 2 });
    expect(first.stderr).not.toContain("local cache");
    const second = tsflyte(["run", "cached", "stamp", "--x", "1"], { env });
    expect(JSON.parse(second.stdout)).toEqual({ o0: 2 });
    expect(second.stderr).toContain("cached.stamp: outputs from the local cache (--no-cache runs it again)");
    expect(marks()).toBe(1);
    tsflyte(["run", "--no-cache", "cached", "stamp", "--x", "1"], { env });
    expect(marks()).toBe(2);
    const cleared = tsflyte(["local-cache", "clear"], { env });
    expect(cleared.status, cleared.stderr).toBe(0);
    expect(cleared.stderr).toContain("Cleared the local cache");
    tsflyte(["run", "cached", "stamp", "--x", "1"], { env });
    expect(marks()).toBe(3);
  });
});
