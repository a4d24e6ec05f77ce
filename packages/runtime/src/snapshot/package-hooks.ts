import { registerHooks } from "node:module";

/** The package entries a startup snapshot holds, by specifier, as their module namespaces. */
export type SnapshotPackages = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const PACKAGES = Symbol.for("flytekit-ts.snapshot-packages");
const SCHEME = "flytekit-ts-snapshot:";

/**
 * Makes `import`/`require` of the given specifiers (from the project's task modules, or anything
 * else loaded after the snapshot was restored) give the snapshot's own modules, so the tasks a
 * project defines meet the same `@flytekit-ts/core` classes and execution context as the
 * entrypoint. Each is served as a module re-exporting the snapshot's namespace.
 */
export function servePackagesFromSnapshot(packages: SnapshotPackages): void {
  (globalThis as { [PACKAGES]?: SnapshotPackages })[PACKAGES] = packages;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (Object.hasOwn(packages, specifier)) return { url: `${SCHEME}${specifier}`, shortCircuit: true };
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (!url.startsWith(SCHEME)) return nextLoad(url, context);
      const specifier = url.slice(SCHEME.length);
      const names = Object.keys(packages[specifier] ?? {});
      const source =
        `const m = globalThis[Symbol.for("flytekit-ts.snapshot-packages")][${JSON.stringify(specifier)}];\n` +
        `export const { ${names.join(", ")} } = m;\n`;
      return { format: "module", source, shortCircuit: true };
    },
  });
}
