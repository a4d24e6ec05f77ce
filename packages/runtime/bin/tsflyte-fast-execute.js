#!/usr/bin/env node
// The `tsflyte-fast-execute` command (fast-registered tasks): see start.js.
import { start } from "./start.js";

await start("../dist/bundle/bin/tsflyte-fast-execute.js");
