import { join, resolve } from "node:path";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import {
  describeExtraction,
  extractProjectManifest,
  type ManifestResult,
} from "../../project/extract-manifest.js";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";
import { type ProjectFlags, projectLocation, withProjectRoot } from "../project-location.js";

interface ExtractFlags extends Pick<ProjectFlags, "projectRoot" | "tsconfig"> {
  output?: string;
  checker?: boolean;
  /** `false` with `--no-cache`. */
  cache?: boolean;
}

/** Says what the extractor did, and with `--verbose` why the checker ran and what the cache held. */
export function reportExtraction(log: CliLogger, result: ManifestResult): void {
  // Why the checker ran is worth a look: written-out tasks are read several times faster.
  if (result.front?.declined !== undefined)
    log.console.debug(`read with the checker: ${result.front.declined}`);
  if (result.modules !== undefined)
    log.console.debug(
      `${result.modules.cached} of ${result.modules.read} modules unchanged since the last run`,
    );
  log.console.success(describeExtraction(result, displayPath));
}

/** `tsflyte extract`: writes `flyte.manifest.json` from the TypeScript program, without emitting. */
export function extractCommand(logger: () => Promise<CliLogger>): Command {
  return withProjectRoot(
    new Command("extract")
      .summary("write flyte.manifest.json from the TypeScript sources")
      .description(
        "Reads the project's TypeScript program (no emit) and writes flyte.manifest.json: every task's name, module, key,\nkind, compiled file, source file and line, interface and content hash. Build problems are reported with file:line.",
      ),
  )
    .option(
      "-o, --output <file>",
      "where to write the manifest (default: <project-root>/flyte.manifest.json)",
    )
    .option(
      "--checker",
      "read the project with TypeScript's checker even when its syntax decides (the same manifest, slower)",
    )
    .option(
      "--no-cache",
      "read every module again (the syntactic front otherwise reuses what it read of unchanged modules, kept in node_modules/.cache/flytekit-ts)",
    )
    .action(async (flags: ExtractFlags) => {
      const log = await logger();
      const { projectRoot: root, tsconfig } = projectLocation(flags, await loadConfig());
      const output = flags.output === undefined ? join(root, "flyte.manifest.json") : resolve(flags.output);
      const result = await extractProjectManifest(root, {
        ...(tsconfig === undefined ? {} : { tsconfig }),
        output,
        front: flags.checker === true ? "checker" : "auto",
        cache: flags.cache !== false,
      });
      reportExtraction(log, result);
    });
}
