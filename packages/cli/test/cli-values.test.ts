import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Duration, type FlyteDirectory, FlyteFile, t } from "@flytekit-ts/core";
import { afterAll, describe, expect, test } from "vitest";
import { UsageError } from "../../runtime/src/errors/usage-error.js";
import {
  fromJsonValue,
  InputValueError,
  parseCliValue,
  parseDuration,
} from "../src/command-line/input-values.js";
import { outputsToJson } from "../src/command-line/output-json.js";
import { mergeImages, parseEnv } from "../src/command-line/project-options.js";
import { loadConfig } from "../src/config/load-config.js";

const dir = mkdtempSync(join(tmpdir(), "tsflyte-values-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("durations", () => {
  test.each([
    ["90", 90],
    ["1.5", 1.5],
    ["90s", 90],
    ["250ms", 0.25],
    ["1h30m", 5400],
    ["2d", 172_800],
    ["-5m", -300],
    ["PT1H30M", 5400],
    ["P1DT2S", 86_402],
    ["pt0.5s", 0.5],
  ])("%s = %d s", (text, seconds) => {
    expect(Number((parseDuration(text) as Duration).toNanos()) / 1e9).toBe(seconds);
  });
  test.each(["", "1x", "h", "PT", "1h 30m", "P", "1h30"])("%j is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("CLI values", () => {
  test("scalars", () => {
    expect(parseCliValue(t.int, "-42", "$")).toBe(-42);
    // An untyped dict (JsonObject) is any JSON object; a list or a scalar is not one.
    expect(parseCliValue(t.dict, '{"a": 1, "b": [1, 2], "c": {"d": "x"}}', "$")).toEqual({
      a: 1,
      b: [1, 2],
      c: { d: "x" },
    });
    expect(() => parseCliValue(t.dict, "[1, 2]", "$")).toThrow(UsageError);
    expect(JSON.parse(outputsToJson({ o0: { a: 1, b: [true, null] } }))).toEqual({
      o0: { a: 1, b: [true, null] },
    });
    expect(parseCliValue(t.bigint, "9007199254740993", "$")).toBe(9007199254740993n);
    expect(parseCliValue(t.float, "1e3", "$")).toBe(1000);
    expect(parseCliValue(t.boolean, "Yes", "$")).toBe(true);
    expect(parseCliValue(t.boolean, "off", "$")).toBe(false);
    expect(parseCliValue(t.datetime, "2024-05-06T07:08:09.123Z", "$")).toEqual(
      new Date("2024-05-06T07:08:09.123Z"),
    );
    expect(parseCliValue(t.enum(["a", "b"]), "b", "$")).toBe("b");
    expect(parseCliValue(t.string, "", "$")).toBe("");
    expect(parseCliValue(t.binary, "AQID", "$")).toEqual(new Uint8Array([1, 2, 3]));
  });

  test("files and directories: local paths made absolute, URIs kept", () => {
    const file = join(dir, "f.csv");
    writeFileSync(file, "a,b");
    const local = parseCliValue(t.file("csv"), file, "$") as FlyteFile;
    expect(local).toBeInstanceOf(FlyteFile);
    expect([local.path, local.format]).toEqual([file, "csv"]);
    expect((parseCliValue(t.directory(), "s3://bucket/prefix", "$") as FlyteDirectory).path).toBe(
      "s3://bucket/prefix",
    );
  });

  test("unions: none from null, the first variant that reads", () => {
    const type = t.optional(t.union(t.int, t.string));
    expect(parseCliValue(type, "null", "$")).toBeNull();
    expect(parseCliValue(type, "7", "$")).toBe(7);
    expect(parseCliValue(type, "seven", "$")).toBe("seven");
  });

  test("lists, maps and structs from JSON, nested types read as declared", () => {
    const point = t.struct("Point", { x: t.int, at: t.datetime, tags: t.optional(t.list(t.string)) });
    expect(parseCliValue(t.list(point), '[{"x":1,"at":"2024-01-01T00:00:00Z"}]', "$")).toEqual([
      { x: 1, at: new Date("2024-01-01T00:00:00Z") },
    ]);
    expect(fromJsonValue(t.map(t.duration), { a: "1m", b: 2 }, "$")).toEqual({
      a: Duration.ofSeconds(60),
      b: Duration.ofSeconds(2),
    });
  });

  const bad: [string, Parameters<typeof parseCliValue>[0], string, RegExp][] = [
    ["a fractional int", t.int, "1.5", /\$: expected int, got "1.5"/],
    ["an unsafe int", t.int, "9007199254740993", /beyond a safe integer: declare the input as bigint/],
    ["a word for a float", t.float, "abc", /expected float/],
    ["maybe for a boolean", t.boolean, "maybe", /use true or false/],
    ["a bad date", t.datetime, "yesterday", /use ISO 8601/],
    ["a bad duration", t.duration, "soon", /use 1h30m, 90s, 250ms or PT1H30M/],
    ["a list of the wrong type", t.list(t.int), '[1,"x"]', /\$\[1\]: expected int, got "x"/],
    ["a struct with an unknown field", t.struct("P", { x: t.int }), '{"x":1,"y":2}', /unknown field\(s\) y/],
  ];
  test.each(bad)("%s is a usage error naming the path", (_, type, text, message) => {
    let error: unknown;
    try {
      parseCliValue(type, text, "$");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputValueError);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
  });
});

describe("outputs as JSON", () => {
  test("dates, durations, files, bytes, bigints and maps", () => {
    expect(
      JSON.parse(
        outputsToJson({
          when: new Date("2024-01-01T00:00:00Z"),
          wait: Duration.ofMillis(1500),
          file: new FlyteFile("/tmp/x"),
          bytes: new Uint8Array([1, 2, 3]),
          big: 2n ** 70n,
          small: 5n,
          map: new Map([["a", 1]]),
          none: undefined,
        }),
      ),
    ).toEqual({
      when: "2024-01-01T00:00:00.000Z",
      wait: 1.5,
      file: "/tmp/x",
      bytes: "AQID",
      big: "1180591620717411303424",
      small: 5,
      map: { a: 1 },
      none: null,
    });
  });
});

describe("project options", () => {
  test("--env pairs; bad pairs are usage errors", () => {
    expect(parseEnv(["A=1", "B=x=y", "C="])).toEqual({ A: "1", B: "x=y", C: "" });
    expect(() => parseEnv(["=1"])).toThrow(UsageError);
    expect(() => parseEnv(["A"])).toThrow(/expected KEY=VALUE/);
  });

  test("-i flags replace configured images by name", () => {
    expect(mergeImages({ default: "app:1", spark: "spark:3" }, ["spark=spark:4"])).toEqual([
      "app:1",
      "spark=spark:4",
    ]);
    expect(mergeImages({ default: "app:1" }, ["app:2"])).toEqual(["app:2"]);
    expect(() => mergeImages({}, ["app"])).toThrow(
      /Invalid value for '-i' \/ '--image'.*missing tag or digest/,
    );
  });

  test("a configured named image may omit its tag, as in flytekit's [images]; an -i flag may not", () => {
    expect(mergeImages({ default: "app:1", abc: "docker.io/abc" }, [])).toEqual([
      "app:1",
      "abc=docker.io/abc",
    ]);
    expect(() => mergeImages({}, ["abc=docker.io/abc"])).toThrow(
      /Invalid value for '-i' \/ '--image'.*missing tag or digest/,
    );
    // The configured default still needs one.
    expect(() => mergeImages({ default: "app" }, [])).toThrow(/missing tag or digest/);
  });
});

describe("configuration", () => {
  test("package.json's flyte key, then flyte.config.mjs over it, found from a subfolder", async () => {
    const project = mkdtempSync(join(dir, "project-"));
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "p",
        flyte: { images: { default: "a:1", x: "x:1" }, env: { A: "1" }, output: "p.tgz" },
      }),
    );
    writeFileSync(
      join(project, "flyte.config.mjs"),
      'export default { images: { x: "x:2" }, env: { B: "2" }, projectRoot: "build" };\n',
    );
    const sub = join(project, "src");
    (await import("node:fs")).mkdirSync(sub);
    const loaded = await loadConfig(sub);
    expect(loaded.folder).toBe(project);
    expect(loaded.config).toEqual({
      images: { default: "a:1", x: "x:2" },
      env: { A: "1", B: "2" },
      output: "p.tgz",
      projectRoot: "build",
    });
    expect(loaded.sources).toEqual([join(project, "package.json"), join(project, "flyte.config.mjs")]);
  });

  test("wrong types name the file and field", async () => {
    const project = mkdtempSync(join(dir, "project-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ flyte: { env: { A: 1 } } }));
    await expect(loadConfig(project)).rejects.toThrow(/package\.json \("flyte"\): env\.A must be a string/);
    writeFileSync(join(project, "package.json"), "{ nope");
    await expect(loadConfig(project)).rejects.toThrow(/package\.json is not valid JSON/);
  });
});
