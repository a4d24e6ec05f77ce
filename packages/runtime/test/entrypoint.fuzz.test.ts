import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readCopilotOutputs } from "../../cli/src/containers/copilot-outputs.js";
import {
  create,
  LiteralTypeSchema,
  SimpleType,
  VariableMapSchema,
  VariableSchema,
} from "../../core/src/idl.js";
import { execute } from "./support/entrypoint.js";
import { describeCase, fuzzEntrypoint } from "./support/entrypoint-fuzz.js";

/**
 * Fuzzing, bounded for the suite: `FLYTE_FUZZ_CASES` entrypoint cases (default 40) and
 * `FLYTE_FUZZ_OUTPUT_RUNS` output folders (default 300). `npm run fuzz` runs 10,000 and 5,000.
 */
const CASES = Number(process.env.FLYTE_FUZZ_CASES ?? 40);
const OUTPUT_RUNS = Number(process.env.FLYTE_FUZZ_OUTPUT_RUNS ?? 300);

describe("tsflyte-execute: one valid document, exit 0, nothing partial, no leak, no hang", () => {
  test(
    `${CASES} random tasks, inputs and secrets`,
    async () => {
      const { failures, peakKiB, slowestMs } = await fuzzEntrypoint(CASES, {
        concurrency: Number(process.env.FLYTE_FUZZ_CONCURRENCY ?? 2),
      });
      const report = failures.slice(0, 10).map((f) => `${describeCase(f.case)}: ${f.problems.join("; ")}`);
      console.log(
        `entrypoint fuzz: ${CASES} cases, ${failures.length} failed, peak RSS ${Math.round(peakKiB / 1024)} MiB, slowest ${slowestMs} ms`,
      );
      expect(report).toEqual([]);
      // Bounded memory: the largest inputs here are small; /dev/zero must never be read.
      expect(peakKiB).toBeLessThan(400 * 1024);
    },
    120_000 + CASES * 1_000,
  );

  test("file:// URIs for inputs and output prefix work like paths", () => {
    const run = execute(["task-module", "tasks", "task-name", "noop"], new Uint8Array(), { fileUris: true });
    expect(run.files).toEqual(["outputs.pb"]);
  });
});

type Entry =
  | { kind: "file"; size: number }
  | { kind: "link"; to: string }
  | { kind: "fifo" }
  | { kind: "dir" };
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ kind: fc.constant("file" as const), size: fc.integer({ min: 0, max: 2048 }) }),
  fc.record({
    kind: fc.constant("link" as const),
    to: fc.constantFrom("/etc/passwd", "/proc/self/environ", "/dev/zero", "..", "/"),
  }),
  fc.constant({ kind: "fifo" as const }),
  fc.constant({ kind: "dir" as const }),
);

describe("the container output reader never follows a link, never blocks, never reads unbounded", () => {
  test(`${OUTPUT_RUNS} random output folders`, async () => {
    const root = mkdtempSync(join(tmpdir(), "outputs-fuzz-"));
    const names = ["out", "doc", "_ERROR"] as const;
    const types = {
      out: create(VariableSchema, {
        type: create(LiteralTypeSchema, { type: { case: "simple", value: SimpleType.STRING } }),
      }),
      doc: create(VariableSchema, { type: create(LiteralTypeSchema, { type: { case: "blob", value: {} } }) }),
    };
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ out: fc.option(entry), doc: fc.option(entry), _ERROR: fc.option(entry) }),
          async (folder) => {
            const dir = join(root, String(run++));
            const kept = join(root, `${run}-kept`);
            mkdirSync(dir);
            for (const name of names) {
              const made = folder[name];
              if (made === null) continue;
              const path = join(dir, name);
              if (made.kind === "file") writeFileSync(path, "x".repeat(made.size));
              else if (made.kind === "link") symlinkSync(made.to, path);
              else if (made.kind === "fifo") execFileSync("mkfifo", [path]);
              else {
                mkdirSync(path);
                writeFileSync(join(path, "inner"), "ok");
                symlinkSync("/etc/passwd", join(path, "escape"));
              }
            }
            const started = Date.now();
            const outcome = await readCopilotOutputs(
              create(VariableMapSchema, { variables: types }),
              dir,
              async () => kept,
            ).then(
              (literals) => ({ literals }),
              (error: unknown) => ({ error: error as Error }),
            );
            expect(Date.now() - started).toBeLessThan(5_000);
            const text = "error" in outcome ? outcome.error.message : JSON.stringify(outcome.literals);
            expect(text).not.toContain("root:x:");
            expect(text).not.toContain("PATH=");
            // Whatever was kept holds no link.
            const keptNames = readdirSync(root).includes(`${run}-kept`)
              ? readdirSync(kept, { recursive: true })
              : [];
            for (const name of keptNames) expect(String(name)).not.toBe("escape");
          },
        ),
        { numRuns: OUTPUT_RUNS },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
