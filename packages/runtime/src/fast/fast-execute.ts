import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ExecutionFailure, FlyteDownloadError } from "@flytekit-ts/core";
import { ENTRYPOINT, MAP_ENTRYPOINT } from "@flytekit-ts/core/internal";
import { writeErrorDocument } from "../entrypoint/execute-task.js";
import { fileAccessFor } from "../files/file-access-for.js";
import { type FastExecuteArgs, outputPrefixOf, withDistributionFlags } from "./fast-execute-args.js";
import { unpackBundle } from "./unpack-bundle.js";

/** The signals passed on to the task's process, so a pod's termination reaches the task. */
const FORWARDED = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

/** This package's launcher of `program` (tsflyte-execute, tsflyte-map-execute), run with this Node.js (no PATH lookup). */
function ownEntrypoint(program: string): string {
  const manifest = fileURLToPath(import.meta.resolve("@flytekit-ts/runtime/package.json"));
  return join(dirname(manifest), "bin", `${program}.js`);
}

/** `--snapshot-blob <blob>` when this process was restored from a startup snapshot: the task's process is too. */
function snapshotFlags(): string[] {
  const at = process.execArgv.indexOf("--snapshot-blob");
  const blob = at === -1 ? undefined : process.execArgv[at + 1];
  return blob === undefined ? [] : ["--snapshot-blob", blob];
}

/**
 * Downloads and unpacks the code bundle into the destination. A failure is the task's: its error
 * document is written under the command's output prefix (SYSTEM, so propeller may retry), as
 * tsflyte-execute writes one, and `false` is returned.
 */
async function fetchCode(args: FastExecuteArgs, destDir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const uri = args.additionalDistribution as string;
  try {
    let bytes: Uint8Array;
    try {
      bytes = await fileAccessFor(uri).read(uri);
    } catch (error) {
      throw new FlyteDownloadError(
        uri,
        `task execution code was not found: cannot read the code bundle ${uri}`,
        {
          cause: error,
        },
      );
    }
    await mkdir(destDir, { recursive: true });
    await unpackBundle(bytes, destDir);
    return true;
  } catch (error) {
    const prefix = outputPrefixOf(args.command);
    if (prefix === undefined) throw error;
    await writeErrorDocument(prefix, new ExecutionFailure("system", error), env);
    return false;
  }
}

/**
 * pyflyte-fast-execute's counterpart: fetches the code bundle (s3://, gs://, file:// or a local
 * path) into `--dest-dir`, then runs the task's command in a new process with
 * `FLYTE_PROJECT_ROOT` set to it, passing on signals, and returns its exit code.
 */
export async function fastExecute(
  args: FastExecuteArgs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const destDir = resolve(args.destDir ?? ".");
  let command = [...args.command];
  if (args.additionalDistribution !== undefined) {
    if (!(await fetchCode(args, destDir, env))) return 1;
    command = withDistributionFlags(command, args.additionalDistribution, destDir);
  }
  const [program, ...rest] = command as [string, ...string[]];
  const own = program === ENTRYPOINT || program === MAP_ENTRYPOINT;
  const [file, argv] = own
    ? [process.execPath, [...snapshotFlags(), ownEntrypoint(program), ...rest]]
    : [program, rest];
  const child = spawn(file, argv, { stdio: "inherit", env: { ...env, FLYTE_PROJECT_ROOT: destDir } });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    return await new Promise<number>((done, fail) => {
      child.on("error", fail);
      child.on("exit", (code, signal) =>
        done(code ?? 128 + (signal === null ? 1 : constants.signals[signal])),
      );
    });
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
