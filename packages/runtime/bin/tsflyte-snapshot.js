#!/usr/bin/env node
// The `tsflyte-snapshot` command (builds the entrypoints' startup snapshot): a checked-in launcher, so npm links it before the package is built.
// Node's compile cache (NODE_COMPILE_CACHE, else a folder in the system's temporary directory)
// spares each start the compilation of the bundle; an image can bake it in (see the README).
import { enableCompileCache } from "node:module";

enableCompileCache?.();
await import("../dist/bundle/bin/tsflyte-snapshot.js");
