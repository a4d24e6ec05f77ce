import { resolve } from "node:path";
import { ImageSpec, type Task } from "@flytekit-ts/core";
import { Command } from "commander";
import { loadConfig } from "../../config/load-config.js";
import { ensureManifest } from "../../project/ensure-manifest.js";
import { describeManifestStep } from "../../project/extract-manifest.js";
import { loadProjectTasks } from "../../project/load-project-tasks.js";
import { displayPath } from "../display-path.js";
import type { CliLogger } from "../logger.js";
import { collect, type ProjectFlags, projectLocation, withProjectRoot } from "../project-location.js";

interface BuildFlags extends Pick<ProjectFlags, "projectRoot" | "tsconfig" | "module" | "extract"> {
  force?: boolean;
  network?: string;
  push?: boolean;
}

/** The ImageSpec a task runs in, if it has one (also from another copy of core: checked by shape). */
function imageSpecOf(task: Task): ImageSpec | undefined {
  const image =
    (task as { containerImage?: unknown; image?: unknown }).containerImage ??
    (task as { image?: unknown }).image;
  if (image instanceof ImageSpec) return image;
  const shaped = image as { imageName?: unknown; baseImage?: unknown } | undefined;
  return typeof shaped?.imageName === "function" && typeof shaped.baseImage === "string"
    ? (image as ImageSpec)
    : undefined;
}

/** `tsflyte build`: builds the ImageSpecs the project's tasks run in, with the local Docker engine. */
export function buildCommand(logger: () => Promise<CliLogger>): Command {
  return withProjectRoot(
    new Command("build")
      .summary("build the images (ImageSpecs) of the project's tasks with the local Docker engine")
      .description(
        "Builds every ImageSpec used by the project's tasks and tags it with the reference the tasks are serialized with\n(<registry>/<name>:<spec hash>). Existing images are kept unless --force, except specs that copy sources,\nwhich always build (layer caching makes an unchanged rebuild quick). With --push, pushes each image unless\nits registry has the tag. Prints each image reference on stdout.",
      ),
  )
    .option(
      "-m, --module <module>",
      "only tasks of this module and the modules below it (repeatable)",
      collect,
    )
    .option("-f, --force", "build even when the image exists")
    .option("--network <name>", "the network of the build's RUN steps (default: the engine's default)")
    .option(
      "--push",
      "push each image to its registry, unless the registry has its tag already (credentials: docker login's config.json)",
    )
    .action(async (flags: BuildFlags) => {
      const log = await logger();
      const loaded = await loadConfig();
      const { projectRoot: root, tsconfig } = projectLocation(flags, loaded);
      const manifest = await ensureManifest(root, { tsconfig, extract: flags.extract !== false });
      if (manifest.stale !== undefined) log.console.info(describeManifestStep(manifest, displayPath));
      const tasks = await loadProjectTasks(root, flags.module === undefined ? {} : { modules: flags.module });
      const specs = new Map<string, ImageSpec>();
      for (const { task } of tasks) {
        const spec = imageSpecOf(task);
        if (spec !== undefined) specs.set(spec.imageName(), spec);
      }
      if (specs.size === 0) {
        log.console.info("No task of the project runs in an ImageSpec: nothing to build");
        return;
      }
      const { buildImage } = await import("../../images/build-image.js");
      const { pushImage } = await import("../../images/push-image.js");
      for (const spec of specs.values()) {
        log.console.start(`Building ${spec.imageName()}`);
        const result = await buildImage(spec, {
          sourceRoot:
            spec.sourceRoot ??
            (loaded.config.sourceRoot === undefined
              ? root
              : resolve(loaded.folder, loaded.config.sourceRoot)),
          ...(flags.force === undefined ? {} : { force: flags.force }),
          ...(flags.network === undefined ? {} : { network: flags.network }),
          onLog: (line) => log.console.debug(line),
        });
        log.console.success(
          result.built ? `Built ${result.image}` : `${result.image} exists (--force rebuilds it)`,
        );
        if (flags.push === true) {
          // A spec that copies sources keeps its tag when the sources change: push it every time.
          const pushed = await pushImage(result.image, {
            force: spec.copy.length > 0 || flags.force === true,
            onLog: (line) => log.console.debug(line),
          });
          log.console.success(
            pushed.pushed ? `Pushed ${pushed.image}` : `${pushed.image} is in the registry already`,
          );
        }
        process.stdout.write(`${result.image}\n`);
      }
    });
}
