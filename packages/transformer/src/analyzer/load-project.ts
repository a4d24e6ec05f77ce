import { resolve } from "node:path";
import type ts from "typescript";
import { compiler } from "./compiler.js";

/** A parsed tsconfig: its options (with `configFilePath`) and root files. */
export function loadProject(tsconfig: string): ts.ParsedCommandLine {
  const ts = compiler();
  const path = resolve(tsconfig);
  const problems: string[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) =>
        problems.push(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    },
  );
  if (parsed === undefined || problems.length > 0) {
    throw new Error(`cannot read ${path}: ${problems.join("; ") || "unknown error"}`);
  }
  const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(
      `${path}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`,
    );
  }
  parsed.options.configFilePath ??= path;
  return parsed;
}
