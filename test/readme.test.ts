// The README is the newcomer's first ten minutes: its quick start must work in a clean copy of the
// repository, every TypeScript and JSON block in it must be an excerpt of an example (whose own
// tests exercise it), and every other shell block must run.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Block, codeBlocks } from "./support/markdown.js";
import { printedObjects, runCommand as run } from "./support/run-command.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Lines without indentation or blank lines: how an excerpt is compared with its source. */
const significant = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");

/** The example files a README block may be an excerpt of (sources, tests, project files). */
function exampleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (["node_modules", "dist", "dist-legacy", "out", "data", "pb"].includes(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|json|sh)$/.test(entry.name) && entry.name !== "flyte.manifest.json") out.push(path);
    }
  };
  walk(join(root, "examples"));
  return out;
}

function isExcerpt(block: readonly string[], source: readonly string[]): boolean {
  for (let start = 0; start + block.length <= source.length; start++) {
    if (block.every((line, k) => source[start + k] === line)) return true;
  }
  return false;
}

const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = codeBlocks(readme);
const shellBlocks = blocks.filter((block) => block.lang === "sh");
const [quickStart, ...laterShellBlocks] = shellBlocks;
// "Use it in your project" needs the packages from a registry: packed-project.test.ts runs it with
// the packages packed from this checkout.
const isUseInProject = (block: Block) => block.text.startsWith("npm create flytekit-ts@latest");
const otherShellBlocks = laterShellBlocks.filter((block) => !isUseInProject(block));

describe("README code blocks", () => {
  const sources = exampleFiles().map((path) => ({ path, lines: significant(readFileSync(path, "utf8")) }));

  test.each(
    blocks
      .filter((block) => block.lang === "ts" || block.lang === "json")
      .map((block) => [block.line, block]),
  )("the block at README.md:%i is an excerpt of an example", (_line, block) => {
    const lines = significant(block.text);
    expect(lines.length).toBeGreaterThan(0);
    const from = sources.filter((source) => isExcerpt(lines, source.lines)).map((source) => source.path);
    expect(from, `README.md:${block.line} is in no example file:\n${block.text}`).not.toEqual([]);
  });

  test("every block is one of: the quick start, an excerpt (ts, json), or a shell block this test runs", () => {
    expect(blocks.map((block) => block.lang).filter((lang) => !["ts", "json", "sh"].includes(lang))).toEqual(
      [],
    );
    expect(otherShellBlocks.length).toBeGreaterThan(0);
    expect(laterShellBlocks.filter(isUseInProject)).toHaveLength(1);
  });

  test("the quick start is the two commands, and CI runs the second", () => {
    const commands = significant(quickStart?.text ?? "").map((line) => line.replace(/\s+#.*$/, ""));
    expect(commands).toEqual(["npm run quickstart", "npm run test:all"]);
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: object })
      .scripts;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(["quickstart", "test:all"]));
    expect(readFileSync(join(root, ".ci", "run"), "utf8")).toMatch(/^npm run test:all$/m);
  });
});

describe("in a clean copy of the repository, the way a newcomer would", () => {
  let copy = "";
  beforeAll(() => {
    // What a clone holds: every file git tracks, plus new files not ignored (uncommitted work).
    copy = mkdtempSync(join(tmpdir(), "flytekit-ts-readme-"));
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: root,
      encoding: "utf8",
    })
      .split("\0")
      .filter((file) => file !== "" && existsSync(join(root, file)));
    for (const file of files) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(root, file), join(copy, file));
    }
  });
  // The copy holds a whole node_modules: removing it takes a while on a busy machine.
  afterAll(async () => {
    if (copy !== "") await rm(copy, { recursive: true, force: true, maxRetries: 3 });
  }, 180_000);

  test("`npm run quickstart` installs, builds, packages hello and runs two tasks and a workflow", async () => {
    const { code, output } = await run("npm", ["run", "quickstart"], copy);
    expect(code, output).toBe(0);
    expect(output).toContain("Successfully packaged 9 flyte objects into out/flyte-package.tgz");
    expect(existsSync(join(copy, "examples", "hello", "out", "flyte-package.tgz"))).toBe(true);
    expect(printedObjects(output)).toEqual([
      { o0: "hello world" },
      { mean: 4, count: 3 },
      { o0: "peak at (6, 8); 3 coordinates, mean 3" },
    ]);
  }, 480_000);

  test.each(otherShellBlocks.map((block) => [block.line, block]))(
    "the shell block at README.md:%i runs",
    async (_line, block) => {
      expect(existsSync(join(copy, "node_modules")), "the quick start ran first").toBe(true);
      const { code, output } = await run("bash", ["-euo", "pipefail", "-c", block.text], copy);
      expect(code, output).toBe(0);
      expect(output).not.toMatch(/\[error\]/);
      // What the comments say a command prints, it prints.
      for (const [, shown] of block.text.matchAll(/# .*?: (\{.*\})\s*$/gm)) {
        expect(printedObjects(output)).toContainEqual(JSON.parse(shown as string));
      }
    },
    240_000,
  );
});
