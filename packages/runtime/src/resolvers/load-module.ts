import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { FlyteNotFoundError } from "@flytekit-ts/core";
import { dynamicImport } from "../process/dynamic-import.js";

const requireModule = createRequire(import.meta.url);

/** A compiled module of the project loaded synchronously. @throws what `require()` throws (top-level await: ERR_REQUIRE_ASYNC_MODULE) */
export function requireModuleSync(path: string): Record<string, unknown> {
  return requireModule(path) as Record<string, unknown>;
}

/**
 * Loads a compiled ES module of the project. Synchronous `require()` of ES modules (Node >= 20.19)
 * loads a project's modules a third faster than `import()`; modules it cannot load (top-level
 * await) go through `import()`.
 */
export async function loadModule(path: string): Promise<Record<string, unknown>> {
  try {
    return requireModule(path) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ERR_REQUIRE_ASYNC_MODULE" || code === "ERR_REQUIRE_ESM") {
      return await dynamicImport(pathToFileURL(path).href);
    }
    if (code === "MODULE_NOT_FOUND" && !existsSync(path))
      throw new FlyteNotFoundError(
        `the compiled module ${path} does not exist: build the project first (tsc, or npm run build)`,
        { cause: error },
      );
    throw error;
  }
}
