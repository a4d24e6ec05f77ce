import type { ProjectFlags } from "../project-options.js";

/** The options of `tsflyte run`, as commander parses them. */
export interface RunFlags
  extends Pick<ProjectFlags, "projectRoot" | "tsconfig" | "image" | "env" | "extract"> {
  inputs?: string;
  container?: boolean;
  network?: string;
  logs?: boolean;
}
