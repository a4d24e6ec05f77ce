/** The entrypoint every flytekit-ts task container runs (flytekit's `pyflyte-execute`). */
export const ENTRYPOINT = "tsflyte-execute";

/** The entrypoint with propeller's input, output and raw-data placeholders. */
const IO_ARGS = [
  ENTRYPOINT,
  "--inputs",
  "{{.input}}",
  "--output-prefix",
  "{{.outputPrefix}}",
  "--raw-output-data-prefix",
  "{{.rawOutputDataPrefix}}",
] as const;

/**
 * The args of an auto-container task's container: the entrypoint with propeller's placeholders,
 * the checkpoint flags, the resolver, then `--` and the resolver's loader args (flytekit's
 * `get_default_command`).
 */
export function defaultTaskCommand(resolverLocation: string, loaderArgs: readonly string[]): string[] {
  return [
    ...IO_ARGS,
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
  return [...IO_ARGS, "--resolver", resolverLocation, "--", ...loaderArgs];
}
