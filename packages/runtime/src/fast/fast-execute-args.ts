import { UsageError } from "../errors/usage-error.js";

/** `tsflyte-fast-execute`'s arguments (pyflyte-fast-execute's). */
export interface FastExecuteArgs {
  /** The code bundle's URI: an s3://, gs://, file:// URI or a local path. */
  readonly additionalDistribution: string | undefined;
  /** Where the bundle is unpacked. @default the working directory */
  readonly destDir: string | undefined;
  /** The command to run once the code is in place (after `--`): `tsflyte-execute ...`. */
  readonly command: readonly string[];
}

/** Parses `--additional-distribution URI --dest-dir DIR -- COMMAND...`. @throws UsageError */
export function parseFastExecuteArgs(argv: readonly string[]): FastExecuteArgs {
  const end = argv.indexOf("--");
  if (end < 0) throw new UsageError("the task's command must follow --");
  const values: { additionalDistribution?: string; destDir?: string } = {};
  const flags = { "--additional-distribution": "additionalDistribution", "--dest-dir": "destDir" } as const;
  for (let i = 0; i < end; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = flags[flag as keyof typeof flags];
    if (key === undefined) throw new UsageError(`no such option: ${flag}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || i >= end) throw new UsageError(`option ${flag} requires an argument`);
    values[key] = value;
  }
  const command = argv.slice(end + 1);
  if (command.length === 0) throw new UsageError("no command after --");
  return {
    additionalDistribution: values.additionalDistribution,
    destDir: values.destDir,
    command,
  };
}

/**
 * The command with the code's location passed on before `--resolver`, as pyflyte-fast-execute
 * does (`--dynamic-addl-distro`, `--dynamic-dest-dir`: what a dynamic task's sub-tasks need).
 */
export function withDistributionFlags(
  command: readonly string[],
  distribution: string,
  destDir: string,
): string[] {
  const out: string[] = [];
  for (const arg of command) {
    if (arg === "--resolver") out.push("--dynamic-addl-distro", distribution, "--dynamic-dest-dir", destDir);
    out.push(arg);
  }
  return out;
}

/** The value of `--output-prefix` in the task's command, if it has a usable one. */
export function outputPrefixOf(command: readonly string[]): string | undefined {
  for (let i = 0; i < command.length; i++) {
    const arg = command[i] as string;
    if (arg === "--") return undefined;
    const value =
      arg === "--output-prefix"
        ? command[i + 1]
        : arg.startsWith("--output-prefix=")
          ? arg.slice(16)
          : undefined;
    if (value !== undefined) return value === "" || value.startsWith("{{") ? undefined : value;
  }
  return undefined;
}
