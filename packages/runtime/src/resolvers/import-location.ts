import { BUILT_IN_LOCATIONS } from "@flytekit-ts/core/internal";
import { importExport } from "./import-export.js";

/** Built-in locations, answered without importing this package by name. */
const BUILT_IN: Record<string, () => Promise<unknown>> = {
  [BUILT_IN_LOCATIONS.defaultTaskResolver]: async () =>
    (await import("./default-task-resolver.js")).defaultTaskResolver,
  [BUILT_IN_LOCATIONS.defaultTaskTemplateResolver]: async () =>
    (await import("./task-template-resolver.js")).defaultTaskTemplateResolver,
};

/**
 * The value at a location `<module specifier>:<export>`: a built-in resolver, else what
 * {@link importExport} finds (a package's export or a project module's).
 */
export async function importLocation(location: string): Promise<unknown> {
  const builtIn = BUILT_IN[location];
  if (builtIn !== undefined) return builtIn();
  return importExport(location);
}
