#!/usr/bin/env node
// The `tsflyte-execute` command (the task container's entrypoint): see start.js.
import { start } from "./start.js";

await start("../dist/bundle/bin/tsflyte-execute.js");
