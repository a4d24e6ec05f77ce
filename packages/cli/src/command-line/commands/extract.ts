import { join, resolve } from "node:path";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { describeManifestCounts, extractProjectManifest } from "../../project/ensure-manifest.js";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";
import { type ProjectFlags, projectLocation, withProjectRoot } from "../project-options.js";

interface ExtractFlags extends Pick<ProjectFlags, "projectRoot" | "tsconfig"> {
  output?: string;
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
    .action(async (flags: ExtractFlags) => {
      const log = await logger();
      const { projectRoot: root, tsconfig } = projectLocation(flags, await loadConfig());
      const output = flags.output === undefined ? join(root, "flyte.manifest.json") : resolve(flags.output);
      const result = await extractProjectManifest(root, tsconfig ?? join(root, "tsconfig.json"), output);
      log.console.success(`Wrote ${displayPath(result.file)} (${describeManifestCounts(result)})`);
    });
}
