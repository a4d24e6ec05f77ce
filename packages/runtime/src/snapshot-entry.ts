// What a startup snapshot of the entrypoints holds (bundled into dist/bundle/snapshot/entrypoints.cjs by
// the build, snapshotted in the task image by tsflyte-snapshot): the packages a task module
// imports, loaded and initialized (the Flyte IDL's descriptors included), and the three commands.
// Restored, it serves those packages to the project's modules and runs the command its launcher
// path names (argv[1]), as the launcher would.
import { createRequire } from "node:module";
import { basename } from "node:path";
import { startupSnapshot } from "node:v8";
import * as core from "@flytekit-ts/core";
import * as coreErrors from "@flytekit-ts/core/errors";
import * as coreIdl from "@flytekit-ts/core/idl";
import * as coreInternal from "@flytekit-ts/core/internal";
import * as coreManifest from "@flytekit-ts/core/manifest";
import { executeCommand } from "./commands/execute-command.js";
import { fastExecuteCommand } from "./commands/fast-execute-command.js";
import { mapExecuteCommand } from "./commands/map-execute-command.js";
import "./entrypoint/execute-task.js";
import { type EntrypointMain, entrypointMain } from "./entrypoint/entrypoint-main.js";
import "./fast/fast-execute.js";
import * as runtime from "./index.js";
import * as runtimeInternal from "./internal.js";
import * as runtimeRedaction from "./redaction.js";
import "./map/map-execute.js";
import { SNAPSHOT_IMPORT, SNAPSHOT_RESOLVE } from "./process/dynamic-import.js";
import { servePackagesFromSnapshot } from "./snapshot/package-hooks.js";

const commands: Readonly<Record<string, EntrypointMain<never>>> = {
  "tsflyte-execute": executeCommand as EntrypointMain<never>,
  "tsflyte-map-execute": mapExecuteCommand as EntrypointMain<never>,
  "tsflyte-fast-execute": fastExecuteCommand as EntrypointMain<never>,
};

function main(): void {
  servePackagesFromSnapshot({
    "@flytekit-ts/core": core,
    "@flytekit-ts/core/errors": coreErrors,
    "@flytekit-ts/core/idl": coreIdl,
    "@flytekit-ts/core/internal": coreInternal,
    "@flytekit-ts/core/manifest": coreManifest,
    "@flytekit-ts/runtime": runtime,
    "@flytekit-ts/runtime/internal": runtimeInternal,
    "@flytekit-ts/runtime/redaction": runtimeRedaction,
  });
  // A module loaded now, not from the snapshot, calls import() and import.meta.resolve for it.
  const loader = createRequire(import.meta.url)("./import-module.mjs") as {
    importModule: unknown;
    resolveModule: unknown;
  };
  (globalThis as Record<symbol, unknown>)[SNAPSHOT_IMPORT] = loader.importModule;
  (globalThis as Record<symbol, unknown>)[SNAPSHOT_RESOLVE] = loader.resolveModule;
  const launcher = basename(process.argv[1] ?? "", ".js");
  const command = commands[launcher];
  if (command === undefined) {
    process.stderr.write(
      `the entrypoint snapshot runs ${Object.keys(commands).join(", ")}: its first argument is the launcher's path, got ${JSON.stringify(process.argv[1])}\n`,
    );
    process.exitCode = 2;
    return;
  }
  entrypointMain(command, process.argv.slice(2));
}

if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.setDeserializeMainFunction(main);
else main();
