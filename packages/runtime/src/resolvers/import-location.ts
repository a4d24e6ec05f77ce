import { BUILT_IN_LOCATIONS, FlyteNotFoundError } from "@flytekit-ts/core";
import { loadProjectExport } from "./load-export.js";
import { packageEntryPoint } from "./package-entry.js";

/** Built-in locations, answered without importing this package by name. */
const BUILT_IN: Record<string, () => Promise<unknown>> = {
  [BUILT_IN_LOCATIONS.defaultTaskResolver]: async () =>
    (await import("./default-task-resolver.js")).defaultTaskResolver,
  [BUILT_IN_LOCATIONS.defaultTaskTemplateResolver]: async () =>
    (await import("./task-template-resolver.js")).defaultTaskTemplateResolver,
};

/**
 * The value at a location `<module specifier>:<export>`: a built-in, a package export
 * (`@scope/pkg:name`, `pkg/sub:name`: only an entry point the package exports), or a project module
 * listed in the manifest (`plugins.sql:SqlExecutor`). Locations come from task templates and loader
 * args, so nothing else is ever imported.
 */
export async function importLocation(location: string): Promise<unknown> {
  const builtIn = BUILT_IN[location];
  if (builtIn !== undefined) return builtIn();
  const colon = location.lastIndexOf(":");
  if (colon <= 0 || colon === location.length - 1) {
    throw new FlyteNotFoundError(
      `location ${JSON.stringify(location)} is not <module specifier>:<export name>`,
    );
  }
  const specifier = location.slice(0, colon);
  const name = location.slice(colon + 1);
  if (specifier.startsWith("@") || specifier.includes("/")) {
    const url = packageEntryPoint(location, specifier, (wanted) => import.meta.resolve(wanted));
    const module = (await import(url)) as Record<string, unknown>;
    if (!(name in module)) throw new FlyteNotFoundError(`${specifier} does not export ${name}`);
    return module[name];
  }
  return loadProjectExport(specifier, name, "exports");
}
