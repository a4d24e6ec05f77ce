import type { ProjectFlags } from "../project-location.js";

/** The options of `tsflyte run`, as commander parses them. */
export interface RunFlags
  extends Pick<ProjectFlags, "projectRoot" | "tsconfig" | "image" | "env" | "extract"> {
  inputs?: string;
  container?: boolean;
  network?: string;
  logs?: boolean;
  /** `run --remote`: register and run on the FlyteAdmin of flytectl's config. */
  remote?: boolean;
  /** With --remote: follow the execution (`--wait=false`: return at once). */
  wait?: string;
  config?: string;
  project?: string;
  domain?: string;
  version?: string;
  copy?: "auto" | "all" | "none";
  destinationDir?: string;
  /** `false` with `--no-cache`: run tasks with `cache: true` instead of reusing cached outputs. */
  cache?: boolean;
}
