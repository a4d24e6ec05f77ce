import { join, resolve } from "node:path";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { extractProjectManifest } from "../../project/ensure-manifest.js";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";
import { type ProjectFlags, withProjectRoot } from "../project-options.js";

interface ExtractFlags extends Pick<ProjectFlags, "projectRoot" | "tsconfig"> {
  output?: string;
}

/** `tsflyte extract`: writes `flyte.manifest.json` from the TypeScript program, without emitting. */
export function extractCommand(logger: () => CliLogger): Command {
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
      const log = logger();
      const { config, folder } = await loadConfig();
      const root =
        flags.projectRoot === undefined
          ? resolve(folder, config.projectRoot ?? ".")
          : resolve(flags.projectRoot);
      const tsconfig =
        flags.tsconfig === undefined
          ? config.tsconfig === undefined
            ? join(root, "tsconfig.json")
            : resolve(folder, config.tsconfig)
          : resolve(flags.tsconfig);
      const output = flags.output === undefined ? join(root, "flyte.manifest.json") : resolve(flags.output);
      const result = await extractProjectManifest(root, tsconfig, output);
      log.console.success(`Wrote ${displayPath(result.file)} (${result.tasks} tasks)`);
    });
}
