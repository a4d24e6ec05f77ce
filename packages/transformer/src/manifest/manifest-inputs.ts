import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { ManifestInputs } from "@flytekit-ts/core/manifest";

const posix = (path: string) => path.split(sep).join("/");
/** The sha256 of a file, `undefined` when it does not exist. */
function sha256(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** A source file of the program and the JavaScript file it compiles to (absolute paths). */
export interface CompiledPair {
  readonly source: string;
  readonly compiled: string | undefined;
}

/**
 * The files a manifest is made from: every source (hashed) and its compiled file, hashed when it
 * exists and `hashCompiled` is true (`""` otherwise: a front that writes the manifest while it
 * compiles records the sources only), and the folder compiled files go to.
 */
export function manifestInputs(
  projectRoot: string,
  pairs: readonly CompiledPair[],
  outDir: string | undefined,
  hashCompiled: boolean,
  /**
   * The sha256 of a file, `undefined` when it does not exist (a front that hashes files anyway
   * passes its own, which reads a file again only when it changed).
   */
  hashFile: (path: string) => string | undefined = sha256,
): ManifestInputs {
  const sources: Record<string, string> = {};
  const compiled: Record<string, string> = {};
  for (const { source, compiled: output } of [...pairs].sort((a, b) => (a.source < b.source ? -1 : 1))) {
    if (source.endsWith(".d.ts")) continue;
    sources[posix(relative(projectRoot, source))] = hashFile(source) ?? "";
    if (output !== undefined)
      compiled[posix(relative(projectRoot, output))] = hashCompiled ? (hashFile(output) ?? "") : "";
  }
  return {
    sources,
    compiled,
    outDirs: outDir === undefined ? [] : [posix(relative(projectRoot, outDir)) || "."],
  };
}
