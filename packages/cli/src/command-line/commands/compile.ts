import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { FlyteError } from "@flytekit-ts/core/errors";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { readCompilerArguments } from "../../project/compiler-arguments.js";
import { extractProjectManifest, type ManifestResult } from "../../project/extract-manifest.js";
import { type CompilerExit, type RunningCompiler, startCompiler } from "../../project/running-compiler.js";
import type { CliLogger } from "../logger.js";
import { projectLocation } from "../project-location.js";
import { reportExtraction } from "./extract.js";

/** Starts the project's compiler with the command's arguments (`tsflyte tsc` may have started it already). */
export type CompilerStart = (args: readonly string[]) => RunningCompiler;

/** `tsc` ended with an exit code other than 0: its own problems are above, on its output. */
export class CompilerFailedError extends FlyteError {
  constructor(
    message: string,
    /** The compiler's exit code, which `tsflyte tsc` exits with. */
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super("VALIDATION", message, options);
  }
}

/** The tsconfig `tsc` compiles without `-p`: the nearest `tsconfig.json` at or above `cwd`. */
function nearestTsconfig(cwd: string): string | undefined {
  for (let folder = cwd; ; folder = dirname(folder)) {
    const candidate = join(folder, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}

const compilerEnded = ({ code, signal }: CompilerExit) =>
  signal === null ? `tsc exited with code ${code} (its messages are above)` : `tsc was ended by ${signal}`;

/**
 * `tsflyte tsc [tsc options]`: the project's own `tsc` (TypeScript 7 included) with every argument,
 * and `flyte.manifest.json` made from the same tsconfig while it compiles.
 */
export function compileCommand(
  logger: () => Promise<CliLogger>,
  start: CompilerStart = (args) => startCompiler(process.cwd(), args),
): Command {
  return new Command("tsc")
    .summary("compile with the project's TypeScript (7 included) and write flyte.manifest.json meanwhile")
    .description(
      'Runs the project\'s own tsc with every argument that follows (tsc\'s options: -p, --noEmit, ...) and, while it compiles,\nwrites flyte.manifest.json from the same tsconfig, as `tsflyte extract` does. The build script of a TypeScript 7\nproject: "build": "tsflyte tsc". Exits with tsc\'s exit code, or 1 when the project has a problem the manifest\ncannot hold (reported with file:line). Watch and build modes and files on the command line run tsc alone.',
    )
    .argument("[tsc-options...]", "passed to tsc as they are")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .action(async (args: string[]) => {
      const compiler = start(args);
      const run = readCompilerArguments(args, process.cwd());
      let extraction: ManifestResult | undefined;
      let failure: unknown;
      // Made while tsc compiles: after it, only the manifest's rename and the report remain.
      const log = logger();
      if (run.noManifest) (await log).console.info(run.noManifest);
      if (run.noManifest === undefined) {
        try {
          const { projectRoot } = projectLocation({}, await loadConfig());
          extraction = await extractProjectManifest(projectRoot, {
            tsconfig: run.project ?? nearestTsconfig(process.cwd()) ?? join(projectRoot, "tsconfig.json"),
            output: join(projectRoot, "flyte.manifest.json"),
            // tsc is writing the compiled files now: the sources are what the manifest records.
            hashCompiled: false,
            // Written once tsc has written its JavaScript (exit 0, or 2: problems, outputs
            // written): after a build that wrote none, a fresh manifest would describe code that is
            // not there.
            writeWhen: compiler.exited.then(
              ({ code }) => code === 0 || code === 2,
              () => false,
            ),
          });
        } catch (error) {
          failure = error;
        }
      }
      const ended = await compiler.exited;
      if (extraction !== undefined && extraction.notWritten !== true) reportExtraction(await log, extraction);
      if (ended.code !== 0) {
        const why =
          failure instanceof Error
            ? `; flyte.manifest.json was not written: ${failure.message}`
            : extraction?.notWritten === true
              ? "; flyte.manifest.json was not written: tsc wrote no JavaScript"
              : "";
        throw new CompilerFailedError(`${compilerEnded(ended)}${why}`, ended.code ?? 1, { cause: failure });
      }
      if (failure !== undefined) throw failure;
    });
}
