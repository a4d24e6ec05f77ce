import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "@flytekit-ts/runtime/internal";
import { Command, Option } from "commander";
import { type LoadedConfig, loadConfig } from "../../config/load-config.js";
import { COPY_CHOICES } from "../../fast/bundle-files.js";
import { isRegistrationFileName } from "../../packaging/registration-files.js";
import {
  DEFAULT_FAST_DESTINATION,
  type FastPackageOptions,
  type SerializedProject,
  serializeProject,
} from "../../packaging/serialize-project.js";
import { writeRegistrationArchive } from "../../packaging/write-archive.js";
import { writeRegistrationFolder } from "../../packaging/write-folder.js";
import { describeManifestStep } from "../../project/extract-manifest.js";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";
import type { ProjectFlags } from "../project-location.js";
import { projectOptions, withSerializationFlags } from "../project-options.js";
import { capYoungGeneration } from "../young-generation.js";

interface PackageFlags extends ProjectFlags {
  output?: string;
  force?: boolean;
  fast?: boolean;
  copy?: (typeof COPY_CHOICES)[number];
  destDir?: string;
}

/** Fast registration from `--fast`, `--copy` and `--dest-dir`, or `undefined` without it. */
export function fastOptions(flags: PackageFlags): FastPackageOptions | undefined {
  if (flags.copy === "none") {
    if (flags.fast === true) throw new UsageError("--fast packages the code; it cannot go with --copy none");
    return undefined;
  }
  if (flags.fast !== true && flags.copy === undefined) return undefined;
  return { copy: flags.copy ?? "auto", destinationDir: flags.destDir ?? DEFAULT_FAST_DESTINATION };
}

interface SerializeFlags extends ProjectFlags {
  output?: string;
  folder?: string;
  force?: boolean;
}

/** Serializes with a progress display and the log lines both commands print. */
async function serializeWithProgress(
  flags: ProjectFlags,
  loaded: LoadedConfig,
  logger: CliLogger,
  fast?: FastPackageOptions,
): Promise<SerializedProject> {
  capYoungGeneration();
  if (loaded.sources.length > 0) logger.console.debug(`configuration: ${loaded.sources.join(", ")}`);
  const options = projectOptions(flags, loaded);
  let progress: ReturnType<CliLogger["progress"]> | undefined;
  try {
    const project = await serializeProject({
      ...options,
      fast,
      onProgress(done, total, name) {
        progress ??= logger.progress("Serializing", total);
        progress.update(done, name);
      },
    });
    progress?.done();
    const { manifest } = project;
    // A manifest extracted again because it was stale is said, in one line; the rest is debug.
    const line = describeManifestStep(manifest, displayPath);
    if (manifest.stale === undefined) logger.console.debug(line);
    else logger.console.info(line);
    return project;
  } catch (error) {
    progress?.done();
    throw error;
  }
}

function summary(project: SerializedProject, logger: CliLogger): void {
  for (const file of project.files) logger.console.debug(`  ${file.fileName}`);
}

/** `tsflyte package`: a registration archive for `flytectl register files --archive`. */
export function packageCommand(logger: () => Promise<CliLogger>): Command {
  return withSerializationFlags(
    new Command("package")
      .summary("package the project's tasks into a registration archive")
      .description(
        "Serializes every task of the project (admin.TaskSpec, empty project/domain/version) and writes a flat .tgz of\n<index>_<name>_1.pb files, the archive `flytectl register files --archive` takes (pyflyte package's counterpart).",
      ),
  )
    .option("-o, --output <file>", "the archive to write", undefined)
    .option("-f, --force", "replace an existing archive")
    .option(
      "--fast",
      "fast registration: add the code as fast<digest>.tar.gz and run each task through tsflyte-fast-execute, so a code change needs no image build",
    )
    .addOption(
      new Option(
        "--copy <files>",
        "with --fast, what the code bundle holds: auto (the compiled output, the manifest, package.json), all (every file the ignore files do not exclude); none turns --fast off (default: auto)",
      ).choices(COPY_CHOICES),
    )
    .option(
      "-d, --dest-dir <dir>",
      `with --fast, where task containers unpack the code: the image's working directory (default: ${DEFAULT_FAST_DESTINATION})`,
    )
    .action(async (flags: PackageFlags) => {
      const log = await logger();
      const fast = fastOptions(flags);
      const loaded = await loadConfig();
      const output =
        flags.output === undefined
          ? resolve(loaded.folder, loaded.config.output ?? "flyte-package.tgz")
          : resolve(flags.output);
      if (flags.force !== true && existsSync(output)) {
        throw new UsageError(`${displayPath(output)} already exists; pass --force to replace it`);
      }
      const project = await serializeWithProgress(flags, loaded, log, fast);
      await writeRegistrationArchive(output, project.files, project.bundle);
      summary(project, log);
      if (project.bundle !== undefined) {
        const { bundle } = project;
        log.console.info(
          `Fast mode: ${bundle.fileName} holds ${bundle.files.length} files (${(bundle.bytes.length / 1024).toFixed(1)} KiB)`,
        );
      }
      log.console.success(
        `Successfully packaged ${project.files.length} flyte objects into ${displayPath(output)}`,
      );
    });
}

/** `tsflyte serialize -o DIR`: the registration files into a folder. */
export function serializeCommand(logger: () => Promise<CliLogger>): Command {
  return withSerializationFlags(
    new Command("serialize")
      .summary("write the project's registration files into a folder")
      .description(
        "Writes the files `tsflyte package` would archive into a folder, for `flytectl register files DIR/*`\n(pyflyte serialize's counterpart). Registration files of an earlier run are replaced only with --force.",
      ),
  )
    .option("-o, --output <dir>", "the folder to write into (created when missing)")
    .option("--folder <dir>", "the same as --output (pyflyte serialize's name)")
    .option("-f, --force", "replace registration files already in the folder")
    .action(async (flags: SerializeFlags) => {
      const log = await logger();
      const target = flags.output ?? flags.folder;
      if (target === undefined)
        throw new UsageError("tsflyte serialize needs the folder to write into: -o <dir>");
      const folder = resolve(target);
      if (flags.force !== true && existsSync(folder)) {
        const earlier = (await readdir(folder)).filter(isRegistrationFileName);
        if (earlier.length > 0) {
          throw new UsageError(
            `${target} already holds ${earlier.length} registration file(s); pass --force to replace them`,
          );
        }
      }
      const project = await serializeWithProgress(flags, await loadConfig(), log);
      await writeRegistrationFolder(folder, project.files);
      summary(project, log);
      log.console.success(`Successfully serialized ${project.files.length} flyte objects into ${target}`);
    });
}
