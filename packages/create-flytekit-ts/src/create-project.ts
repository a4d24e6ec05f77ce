import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FlyteValidationError } from "@flytekit-ts/core";
import type { CreatedProject, CreateProjectOptions, TypeScriptChoice } from "./options.js";
import { checkPackageName, packageNameFrom } from "./package-name.js";
import { projectFiles } from "./project-files.js";
import { SDK_VERSION } from "./versions.js";

const CHOICES: readonly TypeScriptChoice[] = ["7", "6"];

/** The entries of a folder, or undefined when it does not exist. */
async function entriesOf(directory: string): Promise<string[] | undefined> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Writes a new flytekit-ts project into `options.directory` (what `npm create flytekit-ts` and
 * `tsflyte init` do). The files are written into a temporary folder beside it and moved into place
 * at the end, so a failure leaves nothing half-written.
 * @throws FlyteValidationError when the folder exists and is not empty, or an option is invalid.
 */
export async function createProject(options: CreateProjectOptions): Promise<CreatedProject> {
  const directory = resolve(options.directory);
  const typescript = options.typescript ?? "7";
  if (!CHOICES.includes(typescript))
    throw new FlyteValidationError(`--typescript must be 7 or 6, got ${JSON.stringify(typescript)}`);
  const name = checkPackageName(options.name ?? packageNameFrom(basename(directory)));
  const image = options.image ?? `localhost:30000/${name.replace(/^@/, "").replace("/", "-")}:0.1.0`;
  const existing = await entriesOf(directory);
  if (existing !== undefined && existing.length > 0)
    throw new FlyteValidationError(
      `${directory} is not empty (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", ..." : ""}): choose a new folder`,
    );
  const files = projectFiles(name, typescript, image, options.sdkVersion ?? SDK_VERSION);
  await mkdir(dirname(directory), { recursive: true });
  // mkdir, not mkdtemp: the project's folder keeps the usual permissions (umask), not 0700.
  const staging = join(dirname(directory), `.${basename(directory)}-${randomUUID()}`);
  await mkdir(staging);
  try {
    for (const [path, content] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true });
      await writeFile(join(staging, path), content, { flag: "wx" });
    }
    if (existing === undefined) await rename(staging, directory);
    else
      for (const entry of await readdir(staging)) await rename(join(staging, entry), join(directory, entry));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { directory, name, typescript, files: [...files.keys()].sort() };
}
