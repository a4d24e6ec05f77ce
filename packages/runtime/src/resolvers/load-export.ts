import { FlyteNotFoundError, methodTasks } from "@flytekit-ts/core";
import { loadModule } from "./load-module.js";
import {
  checkIdentity,
  compiledPath,
  type ManifestEntry,
  nearest,
  projectRoot,
  readManifest,
} from "./manifest.js";

/**
 * Imports a compiled module of the project (listed in the manifest) and returns the export `key`
 * (`Class.member` too): among tasks, exports (and tasks), or runnables (tasks, workflows and launch
 * plans). `root` defaults to {@link projectRoot}.
 */
export async function loadProjectExport(
  module: string,
  key: string,
  kind: "tasks" | "exports" | "runnables",
  root: string = projectRoot(),
): Promise<unknown> {
  checkIdentity(module, key);
  const manifest = await readManifest(root);
  const entries: readonly ManifestEntry[] =
    kind === "tasks"
      ? manifest.tasks
      : kind === "runnables"
        ? [...manifest.tasks, ...(manifest.workflows ?? [])]
        : [...manifest.exports, ...manifest.tasks];
  const entry = entries.find((e) => e.module === module && e.key === key);
  if (entry === undefined) {
    const known = entries.map((e) => `${e.module}:${e.key}`);
    const suggestions = nearest(`${module}:${key}`, known);
    throw new FlyteNotFoundError(
      `no ${kind === "tasks" ? "task" : kind === "runnables" ? "task or workflow" : "export"} ${key} in module ${module} of the project manifest${suggestions.length > 0 ? `; nearest: ${suggestions.join(", ")}` : ""}`,
    );
  }
  return loadEntry(root, entry);
}

/** Imports a manifest entry's compiled file and returns the value its key names. */
export async function loadEntry(root: string, entry: ManifestEntry): Promise<unknown> {
  return memberAt(await loadModule(compiledPath(root, entry)), entry);
}

/** The value `entry.key` names in a module's exports: `name`, or `Class.member` (method tasks too). */
export function memberAt(exports: Readonly<Record<string, unknown>>, entry: ManifestEntry): unknown {
  const { module, key } = entry;
  const [head, ...rest] = key.split(".");
  let value: unknown = exports[head as string];
  if (value === undefined)
    throw new FlyteNotFoundError(`module ${module} (${entry.compiledFile}) does not export ${head}`);
  for (const member of rest) {
    const owner = value as Record<string, unknown> & ((...args: never[]) => unknown);
    const methodTask = typeof owner === "function" ? methodTasks(owner).get(member) : undefined;
    value = methodTask ?? owner[member];
    if (value === undefined)
      throw new FlyteNotFoundError(`${head} in module ${module} has no member ${member}`);
  }
  return value;
}
