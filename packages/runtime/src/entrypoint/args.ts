import { BUILT_IN_LOCATIONS } from "@flytekit-ts/core/internal";
import { UsageError } from "../errors/usage-error.js";
/** pyflyte-execute's flags, as `tsflyte-execute` takes them. */
export interface EntrypointArgs {
  inputs: string;
  outputPrefix: string;
  rawOutputDataPrefix: string | undefined;
  checkpointPath: string | undefined;
  prevCheckpoint: string | undefined;
  resolver: string;
  test: boolean;
  /** What follows `--`: the resolver's loader args. */
  loaderArgs: string[];
}

const VALUE_FLAGS = {
  "--inputs": "inputs",
  "--output-prefix": "outputPrefix",
  "--raw-output-data-prefix": "rawOutputDataPrefix",
  "--checkpoint-path": "checkpointPath",
  "--prev-checkpoint": "prevCheckpoint",
  "--resolver": "resolver",
  // Accepted for compatibility with pyflyte-execute; dynamic tasks do not exist here.
  "--dynamic-addl-distro": "ignored",
  "--dynamic-dest-dir": "ignored",
} as const;

/**
 * Parses the entrypoint's arguments and normalises unrendered placeholders as pyflyte-execute does:
 * a raw output prefix `{{.rawOutputDataPrefix}}`, a checkpoint path `{{.checkpointOutputPrefix}}`,
 * and a previous checkpoint `{{.prevCheckpointPrefix}}`, `""` or the two characters `""` mean none.
 * @throws UsageError for unknown flags, missing values or missing required flags.
 */
export function parseEntrypointArgs(argv: readonly string[]): EntrypointArgs {
  const values: Record<string, string> = {};
  let test = false;
  let loaderArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      loaderArgs = argv.slice(i + 1);
      break;
    }
    if (arg === "--test") {
      test = true;
      continue;
    }
    const [flag, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const key = VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS];
    if (key === undefined) throw new UsageError(`no such option: ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`option ${flag} requires an argument`);
    values[key] = value;
  }
  for (const required of ["inputs", "outputPrefix"] as const) {
    if (values[required] === undefined) {
      throw new UsageError(`missing option --${required === "inputs" ? "inputs" : "output-prefix"}`);
    }
  }
  const none = (value: string | undefined, placeholder: string) =>
    value === undefined || value === placeholder || value === "" || value === '""' ? undefined : value;
  return {
    inputs: values.inputs as string,
    outputPrefix: values.outputPrefix as string,
    rawOutputDataPrefix: none(values.rawOutputDataPrefix, "{{.rawOutputDataPrefix}}"),
    checkpointPath: none(values.checkpointPath, "{{.checkpointOutputPrefix}}"),
    prevCheckpoint: none(values.prevCheckpoint, "{{.prevCheckpointPrefix}}"),
    resolver: values.resolver ?? BUILT_IN_LOCATIONS.defaultTaskResolver,
    test,
    loaderArgs,
  };
}
