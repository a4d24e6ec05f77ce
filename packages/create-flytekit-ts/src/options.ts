/** The TypeScript a new project builds with. */
export type TypeScriptChoice = "7" | "6";

/** Options of {@link createProject}. */
export interface CreateProjectOptions {
  /** The project's folder: created when missing; when it exists it must be empty. */
  directory: string;
  /**
   * The npm package name of the project.
   * @default the folder's name, lowercased, characters npm refuses replaced by `-`
   */
  name?: string;
  /**
   * `"7"`: TypeScript 7's `tsc` builds; `tsflyte` reads the sources itself to keep the task manifest
   * fresh. `"6"`: TypeScript 6 with `tspc` (ts-patch), whose every build writes the manifest.
   * @default "7"
   */
  typescript?: TypeScriptChoice;
  /**
   * The task image every task is registered with (`flyte.images.default` in package.json).
   * @default `localhost:30000/<name>:0.1.0`: the Flyte sandbox's registry
   */
  image?: string;
  /** The version range of the `@flytekit-ts/*` packages. @default this generator's own version */
  sdkVersion?: string;
}

/** What {@link createProject} wrote. */
export interface CreatedProject {
  /** The project's folder, absolute. */
  readonly directory: string;
  /** The package name. */
  readonly name: string;
  readonly typescript: TypeScriptChoice;
  /** The files written, relative to the folder, sorted. */
  readonly files: readonly string[];
}
