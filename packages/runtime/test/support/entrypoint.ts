import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fromBinary } from "@bufbuild/protobuf";
import {
  type ErrorDocument,
  ErrorDocumentSchema,
  type LiteralMap,
  LiteralMapSchema,
} from "../../../core/src/idl.js";
import { writeManifest } from "../../../transformer/src/extract.js";

export const runtimeDir = fileURLToPath(new URL("../..", import.meta.url));
export const project = join(runtimeDir, "test", "fixtures", "project");
const repoRoot = join(runtimeDir, "..", "..");
// The launcher users run (node_modules/.bin/tsflyte-execute): it loads the bundle the package exports.
export const entrypoint = join(runtimeDir, "bin", "tsflyte-execute.js");

/** Compiles the fixture project with tspc and the transformer, and writes its manifest. */
export function buildFixtureProject(): void {
  if (!existsSync(join(project, "dist", "tasks.js"))) {
    execFileSync(join(repoRoot, "node_modules", ".bin", "tspc"), ["-p", project], { stdio: "pipe" });
  }
  writeManifest(join(project, "tsconfig.json"));
}

export interface Run {
  readonly status: number | null;
  readonly stderr: string;
  /** The files written under the output prefix. */
  readonly files: string[];
  readonly outputDir: string;
  outputs(): LiteralMap;
  error(name?: string): ErrorDocument;
}

/** Runs the real `tsflyte-execute` in the fixture project on `inputs` (bytes) with the default resolver. */
export function execute(
  loaderArgs: string[],
  inputs: Uint8Array,
  options: {
    env?: NodeJS.ProcessEnv;
    resolver?: string;
    extraArgs?: string[];
    fileUris?: boolean;
    /** The project folder to run in. @default the fixture project */
    cwd?: string;
    /** The command that starts tsflyte-execute. @default [node, the package's launcher] */
    launcher?: readonly string[];
  } = {},
): Run {
  const work = mkdtempSync(join(tmpdir(), "tsflyte-execute-"));
  const inputPath = join(work, "inputs.pb");
  writeFileSync(inputPath, inputs);
  const outputDir = join(work, "out");
  const [command, ...leading] = options.launcher ?? [process.execPath, entrypoint];
  const result = spawnSync(
    command as string,
    [
      ...leading,
      "--inputs",
      options.fileUris ? pathToFileURL(inputPath).href : inputPath,
      "--output-prefix",
      options.fileUris ? pathToFileURL(outputDir).href : outputDir,
      "--raw-output-data-prefix",
      "{{.rawOutputDataPrefix}}",
      "--checkpoint-path",
      "{{.checkpointOutputPrefix}}",
      "--prev-checkpoint",
      '""',
      "--resolver",
      options.resolver ?? "@flytekit-ts/runtime:defaultTaskResolver",
      ...(options.extraArgs ?? []),
      "--",
      ...loaderArgs,
    ],
    { cwd: options.cwd ?? project, env: { PATH: process.env.PATH, ...options.env }, encoding: "utf8" },
  );
  const files = existsSync(outputDir) ? readdirSync(outputDir).sort() : [];
  return {
    status: result.status,
    stderr: result.stderr,
    files,
    outputDir,
    outputs: () => fromBinary(LiteralMapSchema, readFileSync(join(outputDir, "outputs.pb"))),
    error: (name = "error.pb") => fromBinary(ErrorDocumentSchema, readFileSync(join(outputDir, name))),
  };
}

/**
 * Runs the real tsflyte-execute in the fixture project with every path under `base` (an
 * object-store prefix such as `s3://bucket/run1`): inputs.pb there, outputs under `out`, raw data
 * under `raw`. Asynchronous, so a store served by the test's own process keeps answering.
 */
export function executeUnder(
  base: string,
  module: string,
  key: string,
  env: Record<string, string>,
): Promise<{ status: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      entrypoint,
      "--inputs",
      `${base}/inputs.pb`,
      "--output-prefix",
      `${base}/out`,
      "--raw-output-data-prefix",
      `${base}/raw`,
      "--resolver",
      "@flytekit-ts/runtime:defaultTaskResolver",
      "--",
      "task-module",
      module,
      "task-name",
      key,
    ],
    { cwd: project, env: { PATH: process.env.PATH, ...env } },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stderr })));
}
