/**
 * create-flytekit-ts: writes a new flytekit-ts project (`npm create flytekit-ts@latest my-project`;
 * `tsflyte init` calls the same function).
 */

export { createProject } from "./create-project.js";
export { nextSteps } from "./next-steps.js";
export type { CreatedProject, CreateProjectOptions, TypeScriptChoice } from "./options.js";
