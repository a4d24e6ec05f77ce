import { UsageError } from "../errors/usage-error.js";

/** Ends the process with `code` once stderr is flushed. */
function exit(code: number): void {
  process.exitCode = code;
  process.stderr.write("", () => process.exit(code));
}

/** How one of the package's commands (tsflyte-execute, tsflyte-fast-execute, tsflyte-map-execute) starts. */
export interface EntrypointMain<Args> {
  /** The command's name, for messages. */
  readonly name: string;
  /** The one-line usage printed with a usage error. */
  readonly usage: string;
  /** What `--help` prints. */
  readonly help: string;
  /** Parses the arguments. @throws UsageError for bad ones */
  parse(argv: readonly string[]): Args;
  /** Runs the command; its exit code. */
  run(args: Args): Promise<number>;
}

/**
 * Runs a command as the process: `--help` / `-h` before `--` prints the help, a usage error prints
 * the usage and the error (its exit code), anything that escapes is printed with its stack (exit 1),
 * and the process exits once stderr is flushed, whatever timers or sockets are left open.
 */
export function entrypointMain<Args>(
  command: EntrypointMain<Args>,
  argv: readonly string[] = process.argv.slice(2),
): void {
  const main = async (): Promise<number> => {
    const options = argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv;
    if (options.includes("--help") || options.includes("-h")) {
      process.stdout.write(command.help);
      return 0;
    }
    let args: Args;
    try {
      args = command.parse(argv);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(
          `${command.usage}\nError: ${error.message} (${command.name} --help lists the options)\n`,
        );
        return error.exitCode;
      }
      throw error;
    }
    return command.run(args);
  };
  main().then(exit, (error: unknown) => {
    process.stderr.write(
      `${command.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    exit(1);
  });
}
