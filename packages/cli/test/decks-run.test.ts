import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { project } from "../../runtime/test/support/entrypoint.js";
import { tsflyte } from "./support/cli.js";

describe("tsflyte run and decks", () => {
  test("a task that made decks: the path of the local deck page is printed, the page holds them", () => {
    const run = tsflyte(["run", "context", "withDeck", "--x", "41"], { cwd: project });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ o0: 42 });
    const path = /context\.withDeck: deck at (\S+deck\.html)/.exec(run.stderr)?.[1];
    expect(path, run.stderr).toBeDefined();
    expect(existsSync(path as string)).toBe(true);
    expect(readFileSync(path as string, "utf8")).toContain("<strong>41</strong>");
  });
});
