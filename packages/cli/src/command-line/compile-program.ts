/**
 * `tsflyte tsc` on its own: it is a project's build, so it starts the compiler before loading
 * anything else, and reads the project for the manifest while the compiler runs.
 */
import { constants } from "node:os";
import { type RunningCompiler, startCompiler } from "../project/running-compiler.js";

const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs `tsflyte [-v] tsc ...args` (`argv` without node and script); returns the exit code. */
export async function runCompileProgram(argv: readonly string[]): Promise<number> {
  const args = argv.slice(argv.indexOf("tsc") + 1);
  let started: RunningCompiler | undefined;
  let startFailure: unknown;
  try {
    started = startCompiler(process.cwd(), args);
  } catch (error) {
    startFailure = error; // reported by the command, as every failure is
  }
  // A signal for this process is the compiler's too; the run ends when the compiler has ended.
  let signalled: NodeJS.Signals | undefined;
  for (const signal of FORWARDED)
    process.on(signal, () => {
      signalled ??= signal;
      started?.signal(signal);
    });
  const [{ rootCommand, runProgram }, { compileCommand }] = await Promise.all([
    import("./run-program.js"),
    import("./commands/compile.js"),
  ]);
  const code = await runProgram(
    argv,
    (logger) =>
      rootCommand().addCommand(
        compileCommand(logger, () => {
          if (started === undefined) throw startFailure;
          return started;
        }).exitOverride(),
      ),
    () => signalled !== undefined,
  );
  return signalled === undefined ? code : 128 + constants.signals[signalled];
}
