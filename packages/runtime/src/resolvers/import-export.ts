import { FlyteNotFoundError } from "@flytekit-ts/core";
import { dynamicImport } from "../process/dynamic-import.js";
import { loadProjectExport } from "./load-export.js";
import { packageEntryPoint } from "./package-entry.js";

/**
 * The value at a location `<module specifier>:<export>` outside this package: a package export
 * (`@scope/pkg:name`, `pkg/sub:name`: only an entry point the package exports), or a project module
 * listed in the manifest (`plugins.sql:SqlExecutor`). Locations come from task templates and loader
 * args, so nothing else is ever imported.
 */
export async function importExport(location: string): Promise<unknown> {
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
    const module = await dynamicImport(url);
    if (!(name in module)) throw new FlyteNotFoundError(`${specifier} does not export ${name}`);
    return module[name];
  }
  return loadProjectExport(specifier, name, "exports");
}
