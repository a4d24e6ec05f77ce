import { FlyteValidationError } from "@flytekit-ts/core";

/** npm's rule for new package names: lowercase, URL-safe, at most 214 characters, optionally scoped. */
const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** A package name derived from a folder name: lowercased, refused characters replaced by `-`. */
export function packageNameFrom(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9-._~]+/g, "-")
    .replace(/^[-._]+/, "")
    .replace(/-+$/, "");
  return name === "" ? "flyte-project" : name;
}

/** @throws FlyteValidationError when npm would refuse `name`. */
export function checkPackageName(name: string): string {
  if (name.length > 214 || !NPM_NAME.test(name))
    throw new FlyteValidationError(
      `${JSON.stringify(name)} is not a valid npm package name: use lowercase letters, digits, '-', '.' or '_' (optionally @scope/name)`,
    );
  return name;
}
