import {
  adoptManifestEntry,
  FlyteNotFoundError,
  isLaunchPlan,
  isWorkflow,
  type Manifest,
  methodTasks,
  trackingOf,
} from "@flytekit-ts/core";
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
  const value = memberAt(await loadModule(compiledPath(root, entry)), entry, { adopt: false });
  const builtWithoutTransformer = lacksBuildData(value);
  adoptManifestEntry(value, entry);
  if (builtWithoutTransformer) await adoptProjectEntries(root, manifest, entry);
  return value;
}

/**
 * True for a value whose build did not attach the transformer's data (plain tsc, esbuild, swc):
 * a workflow or launch plan without its signature, any other object without its location.
 */
export function lacksBuildData(value: unknown): boolean {
  if (isWorkflow(value)) return value.meta === undefined;
  if (isLaunchPlan(value)) return value.workflow.meta === undefined;
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  return trackingOf(value) === undefined;
}

/**
 * Adopts every entry of the manifest but `except`, for a project built without the transformer:
 * a workflow calls tasks of other modules, a task names its executor class by location, and
 * those need their identities before they are used. A module that fails to import cannot be one
 * the loaded value depends on (its own import would have failed), so such failures are passed over.
 */
export async function adoptProjectEntries(
  root: string,
  manifest: Manifest,
  except?: ManifestEntry,
): Promise<void> {
  for (const other of [...manifest.exports, ...manifest.tasks, ...manifest.workflows]) {
    if (other !== except) await loadEntry(root, other).catch(() => undefined);
  }
}

/** Imports a manifest entry's compiled file and returns the value its key names. */
export async function loadEntry(root: string, entry: ManifestEntry): Promise<unknown> {
  return memberAt(await loadModule(compiledPath(root, entry)), entry);
}

/**
 * The value `entry.key` names in a module's exports: `name`, or `Class.member` (method tasks too),
 * with the entry's identity and interface adopted (unless `adopt: false`) when its build lacked them.
 */
export function memberAt(
  exports: Readonly<Record<string, unknown>>,
  entry: ManifestEntry,
  options: { adopt?: boolean } = {},
): unknown {
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
  if (options.adopt !== false) adoptManifestEntry(value, entry);
  return value;
}
