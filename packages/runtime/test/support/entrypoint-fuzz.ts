import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { ErrorDocumentSchema, LiteralMapSchema } from "../../../core/src/idl.js";
import { type TypeDescriptor, t, toLiteralMap } from "../../../core/src/index.js";
import { entrypoint, project } from "./entrypoint.js";

/**
 * The entrypoint fuzzer: random tasks (well-behaved, failing, leaving errors or timers behind),
 * random inputs (random bytes, wrong literal maps, fitting ones, FIFOs, devices, folders, missing
 * files) and secrets, each run through the real `tsflyte-execute`. Every case must end with exactly
 * one valid document (or none, for IgnoreOutputs), exit 0, no partial file, no secret in any output,
 * within 30 s, and within a bounded peak memory.
 */

const SECRET = "fuzz-secret\nline-two-of-it-9c1";
const HANG_MS = 30_000;

/** Tasks of the fixture project, with the inputs they declare. */
const TASKS: readonly { module: string; key: string; inputs: Record<string, TypeDescriptor> }[] = [
  { module: "tasks", key: "add", inputs: { a: t.int, b: t.int } },
  { module: "tasks", key: "noop", inputs: {} },
  { module: "tasks", key: "fails", inputs: { x: t.int } },
  { module: "tasks", key: "flaky", inputs: {} },
  { module: "tasks", key: "wrongOutput", inputs: {} },
  { module: "tasks", key: "leakyForms", inputs: {} },
  { module: "tasks", key: "echoDate", inputs: { when: t.datetime } },
  { module: "tasks", key: "greet", inputs: { a: t.string } },
  { module: "escapes", key: "floating", inputs: {} },
  { module: "escapes", key: "timerThrows", inputs: {} },
  { module: "escapes", key: "throwsAfterReturn", inputs: {} },
  { module: "escapes", key: "throwsLater", inputs: {} },
  { module: "escapes", key: "neverSettles", inputs: {} },
  { module: "escapes", key: "leavesInterval", inputs: {} },
];

const valueTypes: TypeDescriptor[] = [
  t.int,
  t.float,
  t.string,
  t.boolean,
  t.datetime,
  t.list(t.int),
  t.map(t.string),
];

function valueFor(descriptor: TypeDescriptor): fc.Arbitrary<unknown> {
  switch (descriptor.kind) {
    case "int":
      return fc.integer();
    case "float":
      return fc.double({ noNaN: true });
    case "string":
      return fc.string({ maxLength: 50 });
    case "boolean":
      return fc.boolean();
    case "datetime":
      return fc.date({ noInvalidDate: true, min: new Date(-8e15), max: new Date(8e15) });
    case "list":
      return fc.array(fc.integer(), { maxLength: 3 });
    default:
      return fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 5 }), { maxKeys: 2 });
  }
}

/** A LiteralMap of random names and types: usually the wrong inputs. */
const randomMap = fc
  .dictionary(fc.constantFrom("a", "b", "x", "when", "z"), fc.constantFrom(...valueTypes.keys()), {
    maxKeys: 3,
  })
  .chain((picked) =>
    fc.tuple(
      fc.constant(picked),
      fc.tuple(...Object.values(picked).map((i) => valueFor(valueTypes[i] as TypeDescriptor))),
    ),
  )
  .map(([picked, values]) => {
    const types = new Map(Object.entries(picked).map(([name, i]) => [name, valueTypes[i] as TypeDescriptor]));
    const native = Object.fromEntries([...types.keys()].map((name, i) => [name, values[i]]));
    return toBinary(LiteralMapSchema, toLiteralMap(types, native));
  });

/** A LiteralMap that fits a task's inputs. */
const fittingMap = (inputs: Record<string, TypeDescriptor>) =>
  fc
    .tuple(...Object.values(inputs).map(valueFor))
    .map((values) =>
      toBinary(
        LiteralMapSchema,
        toLiteralMap(
          new Map(Object.entries(inputs)),
          Object.fromEntries(Object.keys(inputs).map((n, i) => [n, values[i]])),
        ),
      ),
    );

export type InputsFile =
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "fifo" }
  | { kind: "device" }
  | { kind: "folder" }
  | { kind: "missing" };

export interface FuzzCase {
  readonly task: (typeof TASKS)[number];
  readonly inputs: InputsFile;
  readonly secret: boolean;
}

export const fuzzCases: fc.Arbitrary<FuzzCase> = fc.constantFrom(...TASKS).chain((task) =>
  fc.record({
    task: fc.constant(task),
    inputs: fc.oneof(
      { weight: 3, arbitrary: fittingMap(task.inputs).map((bytes) => ({ kind: "bytes" as const, bytes })) },
      { weight: 3, arbitrary: randomMap.map((bytes) => ({ kind: "bytes" as const, bytes })) },
      {
        weight: 2,
        arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "bytes" as const, bytes })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom<InputsFile>(
          { kind: "fifo" },
          { kind: "device" },
          { kind: "folder" },
          { kind: "missing" },
        ),
      },
    ),
    secret: fc.boolean(),
  }),
);

/** What one case did wrong, if anything. */
export interface FuzzResult {
  readonly problems: string[];
  readonly peakKiB: number;
  readonly ms: number;
}

/** Runs one case through the real entrypoint. */
export async function runCase(c: FuzzCase, work: string): Promise<FuzzResult> {
  mkdirSync(work, { recursive: true });
  const out = join(work, "out");
  let inputsPath = join(work, "inputs.pb");
  if (c.inputs.kind === "bytes") writeFileSync(inputsPath, c.inputs.bytes);
  else if (c.inputs.kind === "fifo") execFileSync("mkfifo", [inputsPath]);
  else if (c.inputs.kind === "device") inputsPath = "/dev/zero";
  else if (c.inputs.kind === "folder") mkdirSync(inputsPath);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...(c.secret ? { _FSEC_TLS_KEY: SECRET } : {}) };
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      entrypoint,
      "--inputs",
      inputsPath,
      "--output-prefix",
      out,
      "--",
      "task-module",
      c.task.module,
      "task-name",
      c.task.key,
    ],
    { cwd: project, env },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // Peak memory: the kernel's high-water mark of the child's resident set, read while it runs.
  let peakKiB = 0;
  const poll = setInterval(() => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // exited
    }
  }, 20);
  let hung = false;
  const hang = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, HANG_MS);
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  clearTimeout(hang);
  clearInterval(poll);
  const ms = Date.now() - started;
  const problems: string[] = [];
  if (hung) problems.push(`hung over ${HANG_MS} ms`);
  if (status !== 0) problems.push(`exit ${status}: ${stderr.slice(0, 300)}`);
  const files = existsSync(out) ? readdirSync(out).sort() : [];
  const documents: string[] = files.filter((file) => file === "outputs.pb" || file === "error.pb");
  const others = files.filter((file) => !documents.includes(file));
  if (others.length > 0) problems.push(`partial or stray files: ${others.join(", ")}`);
  if (documents.length === 2) problems.push("both outputs.pb and error.pb");
  if (documents.length === 0) problems.push("exited without a document");
  let text = stderr;
  for (const file of documents) {
    const bytes = readFileSync(join(out, file));
    try {
      if (file === "outputs.pb") fromBinary(LiteralMapSchema, bytes);
      else {
        const message = fromBinary(ErrorDocumentSchema, bytes).error?.message ?? "";
        if (!message.startsWith("Trace:")) problems.push("error.pb without a trace");
        text += message;
      }
    } catch (error) {
      problems.push(`${file} does not decode: ${(error as Error).message}`);
    }
    text += bytes.toString("latin1");
  }
  if (c.secret)
    for (const line of SECRET.split("\n")) if (text.includes(line)) problems.push("a secret leaked");
  rmSync(work, { recursive: true, force: true });
  return { problems, peakKiB, ms };
}

/** Runs `count` random cases, `concurrency` at a time, and sums up what went wrong. */
export async function fuzzEntrypoint(
  count: number,
  options: { concurrency?: number; seed?: number } = {},
): Promise<{ failures: { case: FuzzCase; problems: string[] }[]; peakKiB: number; slowestMs: number }> {
  const cases = fc.sample(fuzzCases, {
    numRuns: count,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const root = mkdtempSync(join(tmpdir(), "entrypoint-fuzz-"));
  const failures: { case: FuzzCase; problems: string[] }[] = [];
  let peakKiB = 0;
  let slowestMs = 0;
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i] as FuzzCase;
      const result = await runCase(c, join(root, String(i)));
      peakKiB = Math.max(peakKiB, result.peakKiB);
      slowestMs = Math.max(slowestMs, result.ms);
      if (result.problems.length > 0) failures.push({ case: c, problems: result.problems });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  rmSync(root, { recursive: true, force: true });
  return { failures, peakKiB, slowestMs };
}

/** A case as one line, for reports. */
export function describeCase(c: FuzzCase): string {
  const inputs = c.inputs.kind === "bytes" ? `${c.inputs.bytes.length} bytes` : c.inputs.kind;
  return `${c.task.module}.${c.task.key} on ${inputs}${c.secret ? " with a secret" : ""}`;
}
