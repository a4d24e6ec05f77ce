#!/usr/bin/env node
// The `tsflyte` command: a checked-in launcher, so npm links it before the package is built.
// Node's compile cache (NODE_COMPILE_CACHE, else a folder in the system's temporary directory)
// spares each start the compilation of the CLI and the SDK.
import { enableCompileCache } from "node:module";

enableCompileCache?.();
await import("../dist/bin/tsflyte.js");
