import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cliProject, copyCliProject, scratch, tsflyte } from "./support/cli.js";

let dir: string;
// The fixture project is built by the global setup (scripts/vitest-global-setup.ts).
beforeAll(() => {
  dir = scratch();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const outputs = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("tsflyte run", () => {
  test("reads every kind of input from its flag and prints the outputs as JSON on stdout", () => {
    const file = join(dir, "data.txt");
    writeFileSync(file, "payload");
    const run = tsflyte([
      "run",
      "ten.basics",
      "everything",
      "--n",
      "3",
      "--ratio=0.25",
      "--flag",
      "--when",
      "2024-01-02T03:04:05Z",
      "--wait",
      "1h30m",
      "--level",
      "high",
      "--tags",
      '["a","b"]',
      "--weights",
      '{"x":1.5}',
      "--point",
      '{"x":1,"y":2,"label":"p"}',
      "--file",
      file,
    ]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(outputs(run.stdout).o0 as string)).toEqual({
      n: 3,
      ratio: 0.25,
      flag: true,
      when: "2024-01-02T03:04:05.000Z",
      wait: 5400,
      level: "high",
      tags: ["a", "b"],
      weights: { x: 1.5 },
      point: { x: 1, y: 2, label: "p" },
      file: "payload",
      note: null,
    });
  });

  test("--inputs JSON, with flags winning; ISO durations; dates and durations printed as ISO and seconds", () => {
    const run = tsflyte([
      "run",
      "--inputs",
      '{"when":"2024-01-01T00:00:00Z","wait":"PT1M"}',
      "ten.basics",
      "later",
      "--wait",
      "PT2H",
    ]);
    expect(run.status).toBe(0);
    expect(outputs(run.stdout)).toEqual({ o0: "2024-01-01T02:00:00.000Z" });
  });

  test("defaults, --no-<flag>, kebab-case, named outputs and @task methods", () => {
    expect(outputs(tsflyte(["run", "ten.basics", "greet", "--name", "ada"]).stdout)).toEqual({
      o0: "hello ada",
    });
    expect(outputs(tsflyte(["run", "ten.basics", "greet", "--name", "ada", "--no-excited"]).stdout)).toEqual({
      o0: "hello ada",
    });
    expect(
      outputs(tsflyte(["run", "ten.basics", "greet", "--name=ada", "--excited", "true"]).stdout),
    ).toEqual({
      o0: "hello ada!",
    });
    expect(outputs(tsflyte(["run", "ten.more", "stats", "--values", "[1,2,6]"]).stdout)).toEqual({
      mean: 3,
      count: 3,
    });
    expect(outputs(tsflyte(["run", "ten.more", "Reports.build", "--rows", "2"]).stdout)).toEqual({
      o0: ["row0", "row1"],
    });
  });

  test("<module> <key> --help lists the task's inputs and outputs", () => {
    const run = tsflyte(["run", "ten.more", "stats", "--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Task ten.more.stats");
    expect(run.stdout).toContain("--values <list<float>>");
    expect(run.stdout).toMatch(/mean: float\n\s+count: float/);
  });

  test("the module may be given as its file, as pyflyte run takes it: the source, or the compiled file", () => {
    for (const file of ["src/ten/basics.ts", "./src/ten/basics.ts", "dist/ten/basics.js"]) {
      const run = tsflyte(["run", file, "add", "--a", "2", "--b", "3"]);
      expect(run.stderr, file).toBe("");
      expect(JSON.parse(run.stdout)).toEqual({ o0: 5 });
    }
    const fromSrc = tsflyte(["run", "ten/basics.ts", "add", "--a", "2", "--b", "3"], {
      cwd: join(cliProject, "src"),
    });
    expect(JSON.parse(fromSrc.stdout)).toEqual({ o0: 5 });
  });

  test("before the project is built: one line that says to build it, no stack trace", () => {
    const copy = copyCliProject();
    try {
      rmSync(join(copy, "dist", "ten", "basics.js"));
      const run = tsflyte(["run", "ten.basics", "add", "--a", "1", "--b", "2"], { cwd: copy });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /module ten\.basics: its compiled file dist\/ten\/basics\.js is missing; build the project first/,
      );
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  const failing: [string, string[], number, RegExp][] = [
    [
      "an int that is not one",
      ["ten.basics", "add", "--a", "x", "--b", "1"],
      2,
      /task ten\.basics\.add, input a: expected int, got "x"/,
    ],
    [
      "a missing input",
      ["ten.basics", "add", "--a", "1"],
      2,
      /task ten\.basics\.add: missing input --b <int>/,
    ],
    [
      "an unknown input",
      ["ten.basics", "add", "--a", "1", "--bb", "2"],
      2,
      /has no input "bb"; its inputs: a, b \(did you mean b\?\)/,
    ],
    [
      "an input given twice",
      ["ten.basics", "add", "--a", "1", "--a", "2", "--b", "1"],
      2,
      /input a: given more than once/,
    ],
    [
      "an enum value out of range",
      ["ten.basics", "everything", "--level", "mid"],
      2,
      /input level: expected enum\("low", "high"\), got "mid"/,
    ],
    [
      "bad JSON for a list",
      ["ten.more", "stats", "--values", "[1,"],
      2,
      /input values: expected list<float>, got "\[1," \(not valid JSON\)/,
    ],
    [
      "a file that does not exist",
      ["ten.basics", "everything", "--file", "/nope/x"],
      2,
      /input file: expected file, got "\/nope\/x" \(no such file or directory\)/,
    ],
    [
      "--inputs that is not an object",
      ["--inputs", "[1]", "ten.basics", "add"],
      2,
      /--inputs must be a JSON object/,
    ],
    [
      "an unknown task",
      ["ten.basics", "ad"],
      1,
      /no task or workflow ad in module ten\.basics of the project manifest; nearest: ten\.basics add/,
    ],
    [
      "a path outside the project",
      ["../etc", "passwd"],
      2,
      /\.\.\/etc holds no exported task, workflow or launch plan of the project; files that do: src\//,
    ],
    [
      "a source file without tasks",
      ["src/ten/nothing.ts", "add"],
      2,
      /src\/ten\/nothing\.ts holds no exported task, workflow or launch plan of the project/,
    ],
    ["a task that throws", ["ten.basics", "fails", "--x", "7"], 1, /task ten\.basics\.fails failed: boom 7/],
    [
      "options after the task",
      ["ten.basics", "--inputs", "{}"],
      2,
      /options of run go before <module> <key>/,
    ],
  ];
  test.each(failing)("%s: one line, exit %i", (_, args, status, message) => {
    const run = tsflyte(["run", ...args]);
    expect(run.status).toBe(status);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
