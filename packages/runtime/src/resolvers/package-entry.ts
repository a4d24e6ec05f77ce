import { readFileSync, realpathSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { FlyteNotFoundError } from "@flytekit-ts/core";

/** A package name: `name` or `@scope/name`, npm's characters only. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** A subpath segment: no `.` or `..`, no separators, no URL syntax. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** `@scope/name/sub/path` as the package name and the subpath (`""` for the package itself). */
function splitSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split("/");
  const nameParts = specifier.startsWith("@") ? 2 : 1;
  return { name: parts.slice(0, nameParts).join("/"), subpath: parts.slice(nameParts).join("/") };
}

function refuse(location: string, why: string): never {
  throw new FlyteNotFoundError(`refusing location ${location}: ${why}`);
}

/** The folder of the package `name` that `file` belongs to: the nearest package.json naming it. */
function packageRootOf(
  file: string,
  name: string,
): { root: string; manifest: { exports?: unknown } } | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    let manifest: { name?: unknown; exports?: unknown };
    try {
      manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as typeof manifest;
    } catch {
      continue;
    }
    if (manifest.name === name) return { root: dir, manifest };
  }
  return undefined;
}

/**
 * The file a package location's module specifier names, allowed only when it is one of the
 * package's entry points: a subpath its `exports` map exports, or, for a package without one, its
 * main entry alone. A specifier with `.`/`..` segments, empty segments or URL syntax is refused
 * before anything is resolved, and the resolved file must lie inside the package's folder (links
 * followed). `resolve` is the resolver of the importing module (`import.meta.resolve`).
 * @throws FlyteNotFoundError naming the location and why it is refused.
 */
export function packageEntryPoint(
  location: string,
  specifier: string,
  resolve: (specifier: string) => string,
): string {
  const { name, subpath } = splitSpecifier(specifier);
  if (!PACKAGE_NAME.test(name)) refuse(location, `${JSON.stringify(name)} is not a package name`);
  if (subpath !== "" && !subpath.split("/").every((segment) => SEGMENT.test(segment)))
    refuse(location, "a subpath may not hold empty, `.` or `..` segments");
  let url: string;
  try {
    url = resolve(specifier);
  } catch (error) {
    throw new FlyteNotFoundError(
      `location ${location}: cannot resolve ${specifier} (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  if (!url.startsWith("file:")) refuse(location, `${specifier} is not a file of an installed package`);
  const file = fileURLToPath(url);
  const owner = packageRootOf(file, name);
  if (owner === undefined) refuse(location, `${specifier} does not resolve inside package ${name}`);
  if (owner.manifest.exports === undefined && subpath !== "")
    refuse(location, `package ${name} has no exports map: only its main entry may be named`);
  const root = realpathSync(owner.root);
  const inside = relative(root, realpathSync(file));
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || inside.startsWith(sep))
    refuse(location, `${specifier} resolves outside package ${name}`);
  return url;
}
