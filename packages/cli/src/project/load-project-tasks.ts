import {
  FlyteError,
  FlyteValidationError,
  isLaunchPlan,
  isTask,
  isWorkflow,
  type LaunchPlan,
  type Task,
  type Workflow,
} from "@flytekit-ts/core";
import {
  adoptedMember,
  adoptProjectEntries,
  compiledPath,
  loadModule,
  type ManifestEntry,
  readManifest,
} from "@flytekit-ts/runtime/internal";

/** A task of the project with the manifest entry it was loaded from. */
export interface ProjectTask {
  readonly entry: ManifestEntry;
  readonly task: Task;
}

/** Options of {@link loadProjectTasks}. */
export interface LoadProjectTasksOptions {
  /**
   * Only tasks whose module is one of these or lies below one of them (`etl` takes `etl` and
   * `etl.daily`), as pyflyte's `--pkgs`. @default every task of the manifest
   */
  modules?: readonly string[];
}

/** Is `module` one of `prefixes` or below one of them? */
export function inModules(module: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => module === prefix || module.startsWith(`${prefix}.`));
}

/**
 * Imports every task the project's manifest lists (each compiled file once) and returns them in
 * manifest order.
 * @throws FlyteNotFoundError when the manifest or a compiled file is missing (the project is not built).
 * @throws FlyteError (code `USER`) when importing a module of the project throws.
 * @throws FlyteValidationError when a manifest entry does not name a task.
 */
export async function loadProjectTasks(
  root: string,
  options: LoadProjectTasksOptions = {},
): Promise<ProjectTask[]> {
  const manifest = await readManifest(root);
  const { modules } = options;
  const entries =
    modules === undefined ? manifest.tasks : manifest.tasks.filter((e) => inModules(e.module, modules));
  const files = new Map<string, Promise<Record<string, unknown>>>();
  for (const entry of entries) {
    if (!files.has(entry.compiledFile)) files.set(entry.compiledFile, importCompiled(root, entry));
  }
  const tasks: ProjectTask[] = [];
  let withoutTransformer = false;
  for (const entry of entries) {
    const exports = await (files.get(entry.compiledFile) as Promise<Record<string, unknown>>);
    const { value: task, lacked } = adoptedMember(exports, entry);
    withoutTransformer ||= lacked;
    if (!isTask(task)) {
      throw new FlyteValidationError(
        `${entry.module}:${entry.key} (${entry.compiledFile}) is listed as a task in flyte.manifest.json but is not one: rebuild the project and run \`tsflyte extract\``,
      );
    }
    tasks.push({ entry, task });
  }
  // Built without the transformer: executor classes and the like get their locations too.
  if (withoutTransformer) await adoptProjectEntries(root, manifest, ...tasks.map((t) => t.task));
  return tasks;
}

/** A workflow or launch plan of the project with the manifest entry it was loaded from. */
export interface ProjectWorkflow {
  readonly entry: ManifestEntry;
  readonly entity: Workflow | LaunchPlan;
}

/**
 * Imports every workflow and launch plan the project's manifest lists (each compiled file once),
 * in manifest order (by module, then declaration line).
 * @throws FlyteValidationError when a manifest entry does not name a workflow or launch plan.
 */
export async function loadProjectWorkflows(
  root: string,
  options: LoadProjectTasksOptions = {},
): Promise<ProjectWorkflow[]> {
  const manifest = await readManifest(root);
  const { modules } = options;
  const all = manifest.workflows ?? [];
  const entries = modules === undefined ? all : all.filter((e) => inModules(e.module, modules));
  const files = new Map<string, Promise<Record<string, unknown>>>();
  const found: ProjectWorkflow[] = [];
  let withoutTransformer = false;
  for (const entry of entries) {
    let exports = files.get(entry.compiledFile);
    if (exports === undefined) {
      exports = importCompiled(root, entry);
      files.set(entry.compiledFile, exports);
    }
    const { value: entity, lacked } = adoptedMember(await exports, entry);
    withoutTransformer ||= lacked;
    if (!isWorkflow(entity) && !isLaunchPlan(entity)) {
      throw new FlyteValidationError(
        `${entry.module}:${entry.key} (${entry.compiledFile}) is listed as a ${entry.kind ?? "workflow"} in flyte.manifest.json but is not one: rebuild the project and run \`tsflyte extract\``,
      );
    }
    found.push({ entry, entity });
  }
  // Built without the transformer: the tasks the workflows call need their manifest entries.
  if (withoutTransformer) await adoptProjectEntries(root, manifest, ...found.map((w) => w.entity));
  return found;
}

async function importCompiled(root: string, entry: ManifestEntry): Promise<Record<string, unknown>> {
  // compiledPath refuses a file that is missing or outside the project, links followed.
  const path = compiledPath(root, entry);
  try {
    return await loadModule(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FlyteError(
      "USER",
      `importing module ${entry.module} (${entry.compiledFile}) failed: ${message}`,
      {
        cause: error,
      },
    );
  }
}
