/**
 * The syntactic front: the manifest of a project read from its syntax alone (oxc's native parser;
 * no TypeScript loaded), for projects whose tasks are written out — the common case of a large
 * project. It gives the manifest the checker-based analyzer gives, or declines, and the extractor
 * then runs the checker: it never guesses.
 */
import { relative, sep } from "node:path";
import type { Manifest } from "@flytekit-ts/core/internal";
import { moduleOf } from "../analyzer/module-of.js";
import { assembleManifest } from "../manifest/assemble-manifest.js";
import type { FileFindings } from "../manifest/findings.js";
import { manifestInputs } from "../manifest/manifest-inputs.js";
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
  const files: FileFindings[] = config.fileNames.map((fileName) => {
    const path = moduleOf(fileName, config.projectRoot).split(".").join("/");
    const place = {
      module: moduleOf(fileName, config.rootDir),
      sourceFile: `${path}${fileName.match(/\.[cm]?tsx?$/)?.[0] ?? ".ts"}`,
    };
    return {
      sourceFile: posix(relative(config.projectRoot, fileName)),
      compiledFile: posix(relative(config.projectRoot, config.compiledOf(fileName))),
      findings: fileFindings(mapper, project.module(fileName), place),
    };
  });
  const pairs = config.fileNames.map((source) => ({ source, compiled: config.compiledOf(source) }));
  return assembleManifest(files, manifestInputs(config.projectRoot, pairs, config.outDir, true));
}
