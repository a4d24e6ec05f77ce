#!/usr/bin/env node
// The `tsflyte-snapshot` command (builds the entrypoints' startup snapshot): see start.js.
import { start } from "./start.js";

await start("../dist/bundle/bin/tsflyte-snapshot.js");
