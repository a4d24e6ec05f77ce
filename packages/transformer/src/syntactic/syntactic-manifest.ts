/**
 * The syntactic front: the manifest of a project read from its syntax alone (oxc's native parser;
 * no TypeScript loaded), for projects whose tasks are written out — the common case of a large
 * project. It gives the manifest the checker-based analyzer gives, or declines, and the extractor
 * then runs the checker: it never guesses.
 */
import { relative, sep } from "node:path";
import type { Manifest } from "@flytekit-ts/core/manifest";
import { moduleOf } from "../analyzer/module-of.js";
import { assembleManifest } from "../manifest/assemble-manifest.js";
import type { FileFindings, Finding } from "../manifest/findings.js";
import { manifestInputs } from "../manifest/manifest-inputs.js";
import { Decline } from "./decline.js";
import { fileFindings } from "./file-findings.js";
import { readProjectConfig } from "./project-config.js";
import { SyntacticProject } from "./syntactic-project.js";
import { SyntacticTypeMapper } from "./type-mapper.js";

const posix = (path: string) => path.split(sep).join("/");

/**
 * The manifest of the project `tsconfig` describes.
 * @throws Decline when its tasks need the checker.
 */
export function syntacticManifest(tsconfig: string): Manifest {
  const config = readProjectConfig(tsconfig);
  const project = new SyntacticProject();
  const mapper = new SyntacticTypeMapper(project, config);
  const found = new Map<string, readonly Finding[] | "reading">();
  const findingsOf = (fileName: string): readonly Finding[] => {
    const known = found.get(fileName);
    if (known === "reading")
      throw new Decline(`${fileName}: modules whose workflows call each other's tasks`);
    if (known !== undefined) return known;
    found.set(fileName, "reading");
    const module = project.module(fileName);
    const path = moduleOf(fileName, config.projectRoot).split(".").join("/");
    const place = {
      module: moduleOf(fileName, config.rootDir),
      sourceFile: `${path}${fileName.match(/\.[cm]?tsx?$/)?.[0] ?? ".ts"}`,
    };
    const findings = fileFindings(mapper, module, place, (name) => {
      const imported = project.importedFrom(name, module);
      if (imported === undefined) return undefined;
      const task = findingsOf(imported.file).find(
        (finding) => finding.kind === "function" && finding.identity.key === imported.name,
      );
      return task?.kind === "export" ? undefined : task?.signature?.returns;
    });
    found.set(fileName, findings);
    project.forget(fileName);
    return findings;
  };
  const files: FileFindings[] = config.fileNames.map((fileName) => ({
    sourceFile: posix(relative(config.projectRoot, fileName)),
    compiledFile: posix(relative(config.projectRoot, config.compiledOf(fileName))),
    findings: findingsOf(fileName),
  }));
  const pairs = config.fileNames.map((source) => ({ source, compiled: config.compiledOf(source) }));
  return assembleManifest(files, manifestInputs(config.projectRoot, pairs, config.outDir, true));
}
