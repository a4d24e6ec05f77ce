import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { FlyteNotFoundError, SerializationSettings } from "@flytekit-ts/core";
import { parseManifest } from "@flytekit-ts/core/internal";
import { bundleFiles, type CopyStyle } from "../fast/bundle-files.js";
import { type CodeBundle, codeBundle } from "../fast/code-bundle.js";
import { projectImages, withImageAdvice } from "../images/project-images.js";
import { ensureManifest } from "../project/ensure-manifest.js";
import type { ManifestResult } from "../project/extract-manifest.js";
import { loadProjectTasks, loadProjectWorkflows } from "../project/load-project-tasks.js";
import { type RegistrationFile, registrationFiles } from "./registration-files.js";
import { type ProgressListener, serializeEntities } from "./serialize-entities.js";
import { writeRegistrationArchive } from "./write-archive.js";
import { writeRegistrationFolder } from "./write-folder.js";

/** Options of {@link serializeProject}, {@link packageProject} and {@link serializeProjectTo}. */
export interface SerializeProjectOptions {
  /** The project root: holds `flyte.manifest.json` and the compiled files. @default process.cwd() */
  projectRoot?: string;
  /**
   * Images as `tsflyte package -i` takes them: `name=ref`, or a bare `ref` for the default image;
   * tags or digests required. @default [] (no default image: tasks without an image of their own fail to serialize, unless FLYTE_INTERNAL_IMAGE is set)
   */
  images?: readonly string[];
  /** Environment variables added to every task container. @default {} */
  env?: Readonly<Record<string, string>>;
  /** Only tasks of these modules (and modules below them). @default every task */
  modules?: readonly string[] | undefined;
  /** The source root, for image builds that copy sources. @default none */
  sourceRoot?: string | undefined;
  /** The tsconfig the extractor reads when there is no manifest. @default `<projectRoot>/tsconfig.json` */
  tsconfig?: string | undefined;
  /**
   * Extract the manifest when it is missing or stale; with `false` that is an error naming the
   * changed files. @default true
   */
  extract?: boolean;
  /** Called after each entity is serialized. */
  onProgress?: ProgressListener;
  /**
   * Fast registration (`pyflyte package --fast`): the project's code goes into a
   * `fast<digest>.tar.gz` bundle beside the entities, and each task's container fetches it before
   * running. @default none (the image holds the code)
   */
  fast?: FastPackageOptions | undefined;
}

/** Options of fast registration. */
export interface FastPackageOptions {
  /** Which files the bundle holds: `auto` what runs, `all` every file not ignored. @default "auto" */
  copy?: CopyStyle;
  /** Where containers unpack the bundle: the image's working directory. @default "/root" */
  destinationDir?: string;
  /** The bundle's URI once uploaded. @default "{{ .remote_package_path }}" (flytectl fills it in) */
  distributionLocation?: string;
}

/** The registration files of a project, and how its manifest was found. */
export interface SerializedProject {
  readonly files: RegistrationFile[];
  readonly manifest: ManifestResult;
  /** The code bundle, with fast registration. */
  readonly bundle?: CodeBundle;
}

/** Where `tsflyte init` and `tsflyte build` images keep the project (flytekit's `/root`). */
export const DEFAULT_FAST_DESTINATION = "/root";

/**
 * Loads the project's tasks, workflows and launch plans (through its manifest, extracted first
 * when there is none) and serializes them, dependencies first and each workflow followed by its
 * default launch plan, with empty project, domain and version, as `pyflyte package` does.
 * @throws FlyteNotFoundError when the project has no tasks (in the selected modules).
 */
export async function serializeProject(options: SerializeProjectOptions = {}): Promise<SerializedProject> {
  const root = resolve(options.projectRoot ?? process.cwd());
  // Images first: a bad -i fails before any project code is imported.
  const imageConfig = projectImages(options.images ?? []);
  const settings = new SerializationSettings({
    imageConfig,
    env: options.env ?? {},
    ...(options.sourceRoot === undefined ? {} : { sourceRoot: options.sourceRoot }),
    ...(options.fast === undefined
      ? {}
      : {
          fastSerialization: {
            destinationDir: options.fast.destinationDir ?? DEFAULT_FAST_DESTINATION,
            ...(options.fast.distributionLocation === undefined
              ? {}
              : { distributionLocation: options.fast.distributionLocation }),
          },
        }),
  });
  const manifest = await ensureManifest(root, {
    tsconfig: options.tsconfig,
    extract: options.extract ?? true,
  });
  const selection = options.modules === undefined ? {} : { modules: options.modules };
  const tasks = await loadProjectTasks(root, selection);
  const workflows = await loadProjectWorkflows(root, selection);
  if (tasks.length === 0 && workflows.length === 0) {
    throw new FlyteNotFoundError(
      options.modules === undefined
        ? `no tasks found in ${manifest.file}`
        : `no tasks found in modules ${options.modules.join(", ")} (${manifest.file})`,
    );
  }
  const entities = withImageAdvice(imageConfig, () =>
    serializeEntities(tasks, workflows, settings, options.onProgress),
  );
  const files = registrationFiles(entities);
  if (options.fast === undefined) return { files, manifest };
  const { inputs } = parseManifest(await readFile(manifest.file, "utf8"), manifest.file);
  const bundled = await bundleFiles(root, options.fast.copy ?? "auto", inputs?.outDirs ?? []);
  return { files, manifest, bundle: await codeBundle(root, bundled) };
}

/** Serializes the project and writes a registration archive (`.tgz`) at `output`. */
export async function packageProject(
  output: string,
  options: SerializeProjectOptions = {},
): Promise<SerializedProject> {
  const project = await serializeProject(options);
  await writeRegistrationArchive(output, project.files, project.bundle);
  return project;
}

/** Serializes the project and writes its registration files into `folder`. */
export async function serializeProjectTo(
  folder: string,
  options: SerializeProjectOptions = {},
): Promise<SerializedProject> {
  const project = await serializeProject(options);
  await writeRegistrationFolder(folder, project.files);
  return project;
}
