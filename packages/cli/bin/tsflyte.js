#!/usr/bin/env node
// The `tsflyte` command: a checked-in launcher, so npm links it before the package is built.
// Node's compile cache (NODE_COMPILE_CACHE, else a folder in the system's temporary directory)
// spares each start the compilation of the CLI and the SDK.
import * as nodeModule from "node:module";

// Older Node.js fails inside the bundle with an unrelated error: say what is needed instead.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`flytekit-ts needs Node.js >= 22.12; this is ${process.version}\n`);
  process.exit(1);
}
nodeModule.enableCompileCache?.();
await import("../dist/bin/tsflyte.js");
