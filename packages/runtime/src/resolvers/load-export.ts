import { FlyteNotFoundError, isDynamic, isLaunchPlan, isWorkflow, methodTasks } from "@flytekit-ts/core";
import {
  adoptManifestEntry,
  type Manifest,
  setBuildDataSupply,
  trackingOf,
} from "@flytekit-ts/core/internal";
import { loadModule, requireModuleSync } from "./load-module.js";
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
    // Suggested as `tsflyte run` takes them: module, a space, key.
    const known = entries.map((e) => `${e.module} ${e.key}`);
    const suggestions = nearest(`${module} ${key}`, known);
    throw new FlyteNotFoundError(
      `no ${kind === "tasks" ? "task" : kind === "runnables" ? "task or workflow" : "export"} ${key} in module ${module} of the project manifest${suggestions.length > 0 ? `; nearest: ${suggestions.join(", ")}` : ""}`,
    );
  }
  const { value, lacked } = adoptedMember(await loadModule(compiledPath(root, entry)), entry);
  if (lacked) {
    await adoptProjectEntries(root, manifest, value);
    // A task whose body calls another task needs that one adopted too: the rest of the project is
    // loaded only then (a task that calls none starts without it).
    setBuildDataSupply(() => adoptEveryEntrySync(root, manifest));
  }
  return value;
}

/** Adopts every entry of the manifest whose module loads synchronously (no top-level await). */
function adoptEveryEntrySync(root: string, manifest: Manifest): void {
  for (const entry of [...manifest.exports, ...manifest.tasks, ...manifest.workflows]) {
    try {
      adoptedMember(requireModuleSync(compiledPath(root, entry)), entry);
    } catch {
      // Not a module the running task imports: its own import would have failed first.
    }
  }
}

/**
 * The value an entry names, with the manifest's identity and interface adopted; `lacked` tells
 * whether its build had not attached them (plain tsc, esbuild, swc).
 */
export function adoptedMember(
  exports: Readonly<Record<string, unknown>>,
  entry: ManifestEntry,
): { value: unknown; lacked: boolean } {
  const value = memberAt(exports, entry);
  const lacked = lacksBuildData(value);
  adoptManifestEntry(value, entry);
  return { value, lacked };
}

/**
 * True for a value whose build did not attach the transformer's data (plain tsc, esbuild, swc):
 * a workflow or launch plan without its signature, any other object without its location.
 */
export function lacksBuildData(value: unknown): boolean {
  if (isWorkflow(value)) return value.meta === undefined;
  if (isLaunchPlan(value)) return value.workflow.meta === undefined;
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  // A task's export is its callable; the transformer's location is on the task it calls (`self`).
  return trackingOf((value as { self?: object }).self ?? value) === undefined;
}

/**
 * For a project built without the transformer, adopts the entries what was loaded (`loaded`)
 * depends on: a task names its executor class by location (the manifest's exports); a workflow,
 * launch plan or dynamic task also calls tasks and workflows of any module. A module that fails to import cannot be
 * one the loaded values import (their own import would have failed), so such failures are passed
 * over. Tasks alone never import the rest of the project (the entrypoint's start-up stays small).
 */
export async function adoptProjectEntries(
  root: string,
  manifest: Manifest,
  ...loaded: readonly unknown[]
): Promise<void> {
  // A dynamic task's body, like a workflow's, calls tasks of any module.
  const graphs = loaded.some((value) => isWorkflow(value) || isLaunchPlan(value) || isDynamic(value));
  const entries = graphs ? [...manifest.exports, ...manifest.tasks, ...manifest.workflows] : manifest.exports;
  for (const entry of entries) await loadEntry(root, entry).catch(() => undefined);
}

/** Imports a manifest entry's compiled file and returns the value its key names, entry adopted. */
export async function loadEntry(root: string, entry: ManifestEntry): Promise<unknown> {
  return adoptedMember(await loadModule(compiledPath(root, entry)), entry).value;
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
  // Built without the transformer (tsc, esbuild, swc): the manifest supplies identity and interface.
  return value;
}
