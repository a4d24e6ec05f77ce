import { readFileSync } from "node:fs";

/** This generator's version: the `@flytekit-ts/*` packages are released in lockstep with it. */
export const SDK_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** The development tools a new project starts with (ranges npm resolves without engine warnings on Node >= 22.15). */
export const TOOL_VERSIONS = {
  typescript7: "^7.0.2",
  typescript6: "~6.0.3",
  tsPatch: "^4.0.1",
  vitest: "^4.1.12",
  typesNode: "^24.19.4",
} as const;
