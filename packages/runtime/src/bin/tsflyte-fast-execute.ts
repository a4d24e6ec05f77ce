#!/usr/bin/env node
// The entrypoint of fast-registered tasks (flytekit's pyflyte-fast-execute): fetches the code
// bundle, unpacks it, then runs the task's command (tsflyte-execute) in it.
import { fastExecuteCommand } from "../commands/fast-execute-command.js";
import { entrypointMain } from "../entrypoint/entrypoint-main.js";

entrypointMain(fastExecuteCommand);
