import type { FastSerializationSettings } from "../settings/serialization-settings.js";

/** The entrypoint every flytekit-ts task container runs (flytekit's `pyflyte-execute`). */
export const ENTRYPOINT = "tsflyte-execute";

/** The entrypoint of map tasks' array jobs: runs the task on one element (flytekit's `pyflyte-map-execute`). */
export const MAP_ENTRYPOINT = "tsflyte-map-execute";

/** The entrypoint of fast-registered tasks: fetches the code bundle, then runs the task (`pyflyte-fast-execute`). */
export const FAST_ENTRYPOINT = "tsflyte-fast-execute";

/** What `flytectl register files` replaces with the uploaded bundle's URI. */
export const REMOTE_PACKAGE_PATH = "{{ .remote_package_path }}";

/** What `flytectl register files` replaces with its `--destinationDirectory` (`.` when not given). */
export const DEST_DIR = "{{ .dest_dir }}";

/** `entrypoint` with propeller's input, output and raw-data placeholders. */
const ioArgs = (entrypoint: string) => [
  entrypoint,
  "--inputs",
  "{{.input}}",
  "--output-prefix",
  "{{.outputPrefix}}",
  "--raw-output-data-prefix",
  "{{.rawOutputDataPrefix}}",
];

/**
 * The args of an auto-container task's container: the entrypoint with propeller's placeholders,
 * the checkpoint flags, the resolver, then `--` and the resolver's loader args (flytekit's
 * `get_default_command`).
 */
export function defaultTaskCommand(
  resolverLocation: string,
  loaderArgs: readonly string[],
  entrypoint: string = ENTRYPOINT,
): string[] {
  return [
    ...ioArgs(entrypoint),
    "--checkpoint-path",
    "{{.checkpointOutputPrefix}}",
    "--prev-checkpoint",
    "{{.prevCheckpointPrefix}}",
    "--resolver",
    resolverLocation,
    "--",
    ...loaderArgs,
  ];
}

/**
 * The args of a customized container task: as {@link defaultTaskCommand} but without the checkpoint
 * flags (as flytekit's `PythonCustomizedContainerTask.get_command`).
 */
export function templateTaskCommand(resolverLocation: string, loaderArgs: readonly string[]): string[] {
  return [...ioArgs(ENTRYPOINT), "--resolver", resolverLocation, "--", ...loaderArgs];
}

/**
 * `command` run through the fast entrypoint: `tsflyte-fast-execute --additional-distribution
 * <bundle> --dest-dir <dir> -- <command>`, as flytekit prefixes a fast-registered task's args.
 */
export function fastExecuteCommand(fast: FastSerializationSettings, command: readonly string[]): string[] {
  return [
    FAST_ENTRYPOINT,
    "--additional-distribution",
    fast.distributionLocation ?? REMOTE_PACKAGE_PATH,
    "--dest-dir",
    fast.destinationDir ?? DEST_DIR,
    "--",
    ...command,
  ];
}
