import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { dirname, join, resolve } from "node:path";
import { FlyteError, FlyteValidationError } from "@flytekit-ts/core";

/** The commands a snapshot install gives a launcher. */
export const SNAPSHOT_COMMANDS = ["tsflyte-execute", "tsflyte-map-execute", "tsflyte-fast-execute"] as const;

/** What {@link buildEntrypointSnapshot} wrote. */
export interface SnapshotInstall {
  /** The startup snapshot: valid for the Node.js binary that built it only. */
  readonly blob: string;
  /** The launchers, one per command, in `<dir>/bin`. */
  readonly launchers: readonly string[];
}

/** This package's folder (the snapshot's bundle and the commands' launchers are in it). */
function packageDir(): string {
  return dirname(nodeModule.createRequire(import.meta.url).resolve("@flytekit-ts/runtime/package.json"));
}

/** `text` as one single-quoted shell word. */
const shellWord = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Builds a V8 startup snapshot of the entrypoints with this Node.js (`node --build-snapshot`):
 * `@flytekit-ts/core` (the Flyte IDL's descriptors hydrated), the runtime and the three commands,
 * loaded and initialized, so a task's process starts from them instead of loading them. Writes it to
 * `<dir>/entrypoints.blob`, checks it starts, and writes `<dir>/bin/tsflyte-execute` (and the map
 * and fast entrypoints): shell launchers that run this Node.js restored from it. A task image puts
 * `<dir>/bin` first on its PATH (`tsflyte build`'s images do).
 * @throws FlyteError (`VALIDATION`) on a Node.js without `module.registerHooks` (< 22.15);
 *   (`SYSTEM`) when Node.js cannot build or start the snapshot, with its output.
 */
export function buildEntrypointSnapshot(dir: string): SnapshotInstall {
  if (typeof (nodeModule as { registerHooks?: unknown }).registerHooks !== "function")
    throw new FlyteValidationError(
      `the entrypoint snapshot needs Node.js >= 22.15 (module.registerHooks); this is ${process.version}`,
    );
  const out = resolve(dir);
  const pkg = packageDir();
  const bundle = join(pkg, "dist", "bundle", "snapshot", "entrypoints.cjs");
  const blob = join(out, "entrypoints.blob");
  const partial = `${blob}.${process.pid}.partial`;
  mkdirSync(join(out, "bin"), { recursive: true });
  try {
    const built = spawnSync(
      process.execPath,
      ["--no-warnings", "--snapshot-blob", partial, "--build-snapshot", bundle],
      { encoding: "utf8", cwd: out },
    );
    if (built.status !== 0)
      throw new FlyteError(
        "SYSTEM",
        `node --build-snapshot failed (${built.status}): ${built.stderr.trim()}`,
      );
    const launcher = (command: string) => join(pkg, "bin", `${command}.js`);
    const check = spawnSync(
      process.execPath,
      ["--snapshot-blob", partial, launcher("tsflyte-execute"), "--help"],
      {
        encoding: "utf8",
      },
    );
    if (check.status !== 0 || !check.stdout.startsWith("Usage: tsflyte-execute"))
      throw new FlyteError(
        "SYSTEM",
        `the snapshot does not start: ${check.stderr.trim() || check.stdout.trim()}`,
      );
    renameSync(partial, blob);
    const launchers = SNAPSHOT_COMMANDS.map((command) => {
      const path = join(out, "bin", command);
      writeFileSync(
        path,
        `#!/bin/sh\n# ${command} restored from a startup snapshot of the entrypoints (written by tsflyte-snapshot).\nexec ${shellWord(process.execPath)} --snapshot-blob ${shellWord(blob)} ${shellWord(launcher(command))} "$@"\n`,
      );
      chmodSync(path, 0o755);
      return path;
    });
    return { blob, launchers };
  } finally {
    rmSync(partial, { force: true });
  }
}
