import type { TypeScriptChoice } from "../options.js";
import { TOOL_VERSIONS } from "../versions.js";

/** What the project's package.json is made from. */
export interface PackageJsonInput {
  readonly name: string;
  readonly typescript: TypeScriptChoice;
  readonly image: string;
  readonly sdkVersion: string;
}

const RUN = "tsflyte run src/hello.ts";

/**
 * The project's package.json: the SDK split as a task image needs it (core and runtime are
 * dependencies, the CLI and the transformer development ones), scripts for the first run, and the
 * `flyte` configuration with the task image.
 */
export function packageJson(input: PackageJsonInput): string {
  const ts7 = input.typescript === "7";
  const sdk = (pkg: string) => [`@flytekit-ts/${pkg}`, input.sdkVersion] as const;
  const manifest = {
    name: input.name,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: ">=22.12" },
    scripts: {
      // With TypeScript 7, `tsflyte tsc` runs its tsc and writes the manifest meanwhile; tspc writes it while compiling.
      build: ts7 ? "tsflyte tsc -p ." : "tspc -p .",
      test: "vitest run",
      start: `npm run build && ${RUN} greet --name world && ${RUN} greetingLetters --name world`,
      package: "npm run build && tsflyte package",
    },
    dependencies: Object.fromEntries([sdk("core"), sdk("runtime")]),
    devDependencies: Object.fromEntries(
      [
        sdk("cli"),
        sdk("transformer"),
        ["@types/node", TOOL_VERSIONS.typesNode],
        ...(ts7 ? [] : [["ts-patch", TOOL_VERSIONS.tsPatch]]),
        ["typescript", ts7 ? TOOL_VERSIONS.typescript7 : TOOL_VERSIONS.typescript6],
        ["vitest", TOOL_VERSIONS.vitest],
      ].sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)),
    ),
    flyte: {
      images: { default: input.image },
      output: "flyte-package.tgz",
    },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
