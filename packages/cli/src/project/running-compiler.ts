/**
 * The project's `tsc`, started as a child process sharing this terminal: its output is the user's
 * to read as it comes, and it runs while `tsflyte tsc` reads the project for the manifest.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { FlyteError } from "@flytekit-ts/core/errors";
import { type TypeScriptCompiler, typescriptCompiler } from "./typescript-compiler.js";

/** How the compiler ended: its exit code, or the signal that ended it. */
export interface CompilerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `tsc`. */
export class RunningCompiler {
  readonly #child: ChildProcess;
  /** Settles when the compiler has ended; rejects when it could not be started. */
  readonly exited: Promise<CompilerExit>;

  constructor(
    /** The compiler that runs. */
    readonly compiler: TypeScriptCompiler,
    args: readonly string[],
    cwd: string,
  ) {
    this.#child = spawn(compiler.command, [...compiler.prefix, ...args], { cwd, stdio: "inherit" });
    this.exited = new Promise((resolve, reject) => {
      this.#child.once("error", (error) =>
        reject(
          new FlyteError(
            "NOT_FOUND",
            `cannot start TypeScript ${compiler.version}'s tsc (${compiler.command})`,
            {
              cause: error,
            },
          ),
        ),
      );
      this.#child.once("exit", (code, signal) => resolve({ code, signal }));
    });
    // Settled by whoever awaits it; a start failure is not an unhandled rejection meanwhile.
    this.exited.catch(() => undefined);
  }

  /** Passes a signal on (a terminal's Ctrl-C reaches both processes; `kill <pid>` only this one). */
  signal(signal: NodeJS.Signals): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
  }
}

/**
 * Starts the `tsc` of the project in `cwd` with `args`.
 * @throws FlyteMissingDependencyError when the project has no TypeScript.
 */
export function startCompiler(cwd: string, args: readonly string[]): RunningCompiler {
  return new RunningCompiler(typescriptCompiler(cwd), args, cwd);
}
