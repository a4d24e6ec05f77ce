#!/usr/bin/env node
// The `tsflyte-map-execute` command (map tasks' array jobs): see start.js.
import { start } from "./start.js";

await start("../dist/bundle/bin/tsflyte-map-execute.js");
