import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";
import { writeManifest } from "../../../transformer/src/extract.js";

/** The cli package's folder. */
export const cliDir = fileURLToPath(new URL("../..", import.meta.url));

export const cliProject = join(cliDir, "test", "fixtures", "cli-project");
const repoRoot = join(cliDir, "..", "..");
export const cli = join(cliDir, "dist", "bin", "tsflyte.js");

/** Compiles the CLI fixture project with tspc and the transformer, and writes its manifest. */
export function buildCliProject(): void {
  if (!existsSync(join(cliProject, "dist", "one.js"))) {
    execFileSync(join(repoRoot, "node_modules", ".bin", "tspc"), ["-p", cliProject], { stdio: "pipe" });
  }
  writeManifest(join(cliProject, "tsconfig.json"));
}

/** A copy of the built fixture project in a fresh folder inside the repository (so packages resolve). */
export function copyCliProject(options: { manifest?: boolean } = {}): string {
  const copy = mkdtempSync(join(cliDir, "test", "fixtures", ".tmp-cli-"));
  for (const entry of ["package.json", "tsconfig.json", "src", "dist"]) {
    cpSync(join(cliProject, entry), join(copy, entry), { recursive: true });
  }
  if (options.manifest !== false)
    cpSync(join(cliProject, "flyte.manifest.json"), join(copy, "flyte.manifest.json"));
  return copy;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `tsflyte` (compiled) with `args` in `cwd`. */
export function tsflyte(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? cliProject,
    env: { PATH: process.env.PATH, ...options.env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The entries of a `.tgz`, in archive order, with their headers. */
export async function readArchive(
  path: string,
): Promise<{ name: string; type: string; mode: number; bytes: Uint8Array }[]> {
  const entries: { name: string; type: string; mode: number; bytes: Uint8Array }[] = [];
  const reader = extract();
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({
        name: entry.header.name,
        type: entry.header.type ?? "file",
        mode: entry.header.mode ?? 0,
        bytes: new Uint8Array(Buffer.concat(chunks)),
      });
    }
  })();
  reader.end(gunzipSync(readFileSync(path)));
  await done;
  return entries;
}

/** Creates a fresh temporary folder for outputs. */
export function scratch(): string {
  return mkdtempSync(join(cliDir, "test", "fixtures", ".tmp-out-"));
}
