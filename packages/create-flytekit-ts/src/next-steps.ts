import { relative } from "node:path";
import type { CreatedProject } from "./options.js";

/** What to type next, printed after a project is created. */
export function nextSteps(project: CreatedProject, cwd = process.cwd()): string {
  const where = relative(cwd, project.directory) || ".";
  return [
    `Created ${project.name} in ${where} (TypeScript ${project.typescript}).`,
    "",
    "Next:",
    ...(where === "." ? [] : [`  cd ${where.includes(" ") ? JSON.stringify(where) : where}`]),
    "  npm install",
    "  npm start        # builds, runs a task and a workflow locally",
    "  npm test",
    "  npm run package  # flyte-package.tgz for flytectl",
    "",
  ].join("\n");
}
