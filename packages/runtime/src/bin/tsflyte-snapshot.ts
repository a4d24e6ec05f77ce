#!/usr/bin/env node
// Builds the entrypoints' startup snapshot and its launchers (in a task image).
import { snapshotCommand } from "../commands/snapshot-command.js";
import { entrypointMain } from "../entrypoint/entrypoint-main.js";

entrypointMain(snapshotCommand);
