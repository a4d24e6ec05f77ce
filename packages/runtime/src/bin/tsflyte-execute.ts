#!/usr/bin/env node
// The task container entrypoint (flytekit's pyflyte-execute). Everything heavy is imported lazily.
// It owns the process: errors that escape the task become its error document, and the process
// exits once a document is written, whatever timers or sockets the task left open.
import { executeCommand } from "../commands/execute-command.js";
import { entrypointMain } from "../entrypoint/entrypoint-main.js";

entrypointMain(executeCommand);
