import { FlyteMissingDependencyError } from "@flytekit-ts/core";

/**
 * Imports an optional peer dependency (an object-store client): a task image installs only the
 * clients its URIs need. When the package is missing, the error names it and what needs it.
 */
export async function importOptionalPeer<T>(
  load: () => Promise<T>,
  packageName: string,
  neededFor: string,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error, packageName))
      throw new FlyteMissingDependencyError(
        packageName,
        `${neededFor} need the optional package ${packageName}: add it to the project (npm install ${packageName}) and to the task image`,
        { cause: error },
      );
    throw error;
  }
}

function isMissing(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    error.message.includes(`'${packageName}'`)
  );
}
