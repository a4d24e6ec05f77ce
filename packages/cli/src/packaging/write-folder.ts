import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isRegistrationFileName, type RegistrationFile } from "./registration-files.js";

/**
 * Writes `files` into `folder` (created when missing), as `pyflyte serialize -f` does. Registration
 * files of an earlier run that are not rewritten are removed, so `flytectl register files DIR/*`
 * registers exactly this run; other files are left alone. Files are written beside a temporary
 * name and renamed, so none is ever half-written.
 */
export async function writeRegistrationFolder(
  folder: string,
  files: readonly RegistrationFile[],
): Promise<void> {
  await mkdir(folder, { recursive: true });
  const keep = new Set(files.map((file) => file.fileName));
  for (const existing of await readdir(folder)) {
    if (isRegistrationFileName(existing) && !keep.has(existing)) await rm(join(folder, existing));
  }
  await Promise.all(
    files.map(async ({ fileName, entity }) => {
      const target = join(folder, fileName);
      const temporary = `${target}.${process.pid}.partial`;
      await writeFile(temporary, entity.bytes);
      await rename(temporary, target);
    }),
  );
}
