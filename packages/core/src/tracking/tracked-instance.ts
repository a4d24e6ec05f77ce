import { FlyteMissingBuildStepError } from "../errors/flyte-error.js";
import { type TrackingInfo, track, trackingOf } from "./tracking.js";

/** How to fix missing identity, named in every error about it. */
export const BUILD_STEP_HINT =
  'compile with the flytekit-ts transformer (tspc with compilerOptions.plugins [{ "transform": "@flytekit-ts/transformer/tsc" }], ' +
  "the @flytekit-ts/transformer/vite plugin, or `tsflyte extract`), or pass `tracking: { module, key }` explicitly";

/**
 * An object that knows the module and export key it was bound to (flytekit's `TrackedInstance`):
 * tasks, resolvers and executors. The transformer fills this in for `export const x = new C(...)`.
 */
export class TrackedInstance {
  constructor(tracking?: TrackingInfo) {
    if (tracking !== undefined) track(this, tracking);
  }

  /** Records this object's identity (what the transformer calls). */
  track(info: TrackingInfo): this {
    return track(this, info);
  }

  /**
   * This object itself, also when reached through the callable wrapper `task()` and `workflow()`
   * return: for identity checks (`a.self === b.self`).
   */
  get self(): this {
    return this;
  }

  /** Module and key, if known. */
  get tracking(): TrackingInfo | undefined {
    return trackingOf(this);
  }

  /** The module this object is exported from (flytekit's `instantiated_in`), if known. */
  get instantiatedIn(): string | undefined {
    return this.tracking?.module;
  }

  /** The export key (flytekit's `lhs`). @throws FlyteMissingBuildStepError when unknown. */
  get lhs(): string {
    return this.findLhs();
  }

  /** `module.key`. @throws FlyteMissingBuildStepError when unknown. */
  get location(): string {
    const { module, key } = this.#require();
    return `${module}.${key}`;
  }

  /** The export key. @throws FlyteMissingBuildStepError when unknown. */
  findLhs(): string {
    return this.#require().key;
  }

  #require(): TrackingInfo {
    const info = this.tracking;
    if (info === undefined) {
      throw new FlyteMissingBuildStepError(
        `${this.constructor.name} ${describe(this)} does not know the module and export it is bound to: ${BUILD_STEP_HINT}`,
      );
    }
    return info;
  }
}

/** An object for an error message; reads only plain data (a task's `name` getter needs tracking itself). */
function describe(value: object): string {
  const name = (value as { explicitName?: unknown }).explicitName;
  return typeof name === "string" ? JSON.stringify(name) : "instance";
}
