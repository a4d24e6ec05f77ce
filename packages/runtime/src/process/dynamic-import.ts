/**
 * The key under which the snapshot entrypoint installs its `import()`: code restored from a V8
 * startup snapshot cannot call `import()` itself (Node has no import callback for it), so it goes
 * through a function loaded after the snapshot was restored.
 */
export const SNAPSHOT_IMPORT = Symbol.for("flytekit-ts.snapshot-import");

/** The same for `import.meta.resolve` (the snapshot's bundle calls it under this key). */
export const SNAPSHOT_RESOLVE = Symbol.for("flytekit-ts.snapshot-resolve");

type Importer = (specifier: string) => Promise<Record<string, unknown>>;

/** `import(specifier)`, also from an entrypoint restored from a startup snapshot. */
export function dynamicImport(specifier: string): Promise<Record<string, unknown>> {
  const restored = (globalThis as { [SNAPSHOT_IMPORT]?: Importer })[SNAPSHOT_IMPORT];
  return restored === undefined ? import(specifier) : restored(specifier);
}
