/**
 * Identity of a module-level object: the module it is exported from and its export key.
 *
 * flytekit finds these at run time (`inspect`, `find_lhs`); TypeScript erases them, so the compiler
 * transformer records them at build time (a `track(...)` call after the declaration), or users pass
 * them explicitly. Nothing here reads `Function.name` or stack traces: bundlers rename those.
 */
export interface TrackingInfo {
  /** The module: the source path relative to the project's `rootDir`, without extension, `/` -> `.` (`workflows.hello`). */
  readonly module: string;
  /** The export binding: `greet` for `export const greet = ...`, `Etl.run` for a static method. */
  readonly key: string;
  /** The source file, relative to the project root, when known. */
  readonly sourceFile?: string;
  /** The 1-based line of the declaration, when known. */
  readonly line?: number;
}

const registry = new WeakMap<object, TrackingInfo>();

/** Records where `value` is exported from. Returns `value`, so it can wrap an expression. */
export function track<T extends object>(value: T, info: TrackingInfo): T {
  registry.set(value, Object.freeze({ ...info }));
  return value;
}

/** Where `value` is exported from, if recorded. */
export function trackingOf(value: object): TrackingInfo | undefined {
  return registry.get(value);
}

/** The `<module>:<key>` location `tsflyte-execute` imports an exported object by. */
export function exportLocation(info: TrackingInfo): string {
  return `${info.module}:${info.key}`;
}
