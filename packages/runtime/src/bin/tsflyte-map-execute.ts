#!/usr/bin/env node
// The entrypoint of map tasks' array jobs (flytekit's pyflyte-map-execute): tsflyte-execute's flags,
// loader args `vars <bound> resolver <location> <the mapped task's loader args>`.
import { mapExecuteCommand } from "../commands/map-execute-command.js";
import { entrypointMain } from "../entrypoint/entrypoint-main.js";

entrypointMain(mapExecuteCommand);
