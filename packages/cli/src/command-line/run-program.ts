/** Running a `tsflyte` program: its root command, exit codes, and failures reported on one line. */
import { Command, CommanderError } from "commander";
import { reportFailure } from "./failure.js";
import { type CliLogger, createCliLogger } from "./logger.js";

/** The root `tsflyte` command with the options every program shares. */
export function rootCommand(): Command {
  return new Command("tsflyte")
    .option("-v, --verbose", "debug output, and stack traces on errors")
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride();
}

/**
 * Runs the program `create` makes with `argv` (without node and script); returns the exit code.
 * @param interrupted whether a signal is ending the process (the runtime's cleanup knows); a
 *   program that never loads the runtime registers no cleanup and passes none.
 */
export async function runProgram(
  argv: readonly string[],
  create: (logger: () => Promise<CliLogger>) => Command,
  interrupted: () => boolean = () => false,
): Promise<number> {
  let logger: Promise<CliLogger> | undefined;
  const program = create(() => {
    logger ??= createCliLogger({ verbose: program.opts<{ verbose?: boolean }>().verbose === true });
    return logger;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error (printed already).
      return error.exitCode === 0 ? 0 : 2;
    }
    // Interrupted: what failed, failed because its container or folder was removed under it; the
    // process ends with the signal once the cleanup is done. Nothing to report.
    if (interrupted()) return 1;
    logger ??= createCliLogger({ verbose: program.opts<{ verbose?: boolean }>().verbose === true });
    return reportFailure(error, await logger);
  }
}
