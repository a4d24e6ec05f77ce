/**
 * @flytekit-ts/transformer: captures what TypeScript erases from tasks (parameter names and types,
 * return types, module and export key) at build time. Fronts: `/tsc` (ts-patch, for `tspc`),
 * `/vite` (Vite/Vitest plugin), `/extract` (manifest without emitting).
 */
export {
  type Analysis,
  type AnalyzeOptions,
  analyzeSourceFile,
  type FlyteDiagnostic,
  type Site,
} from "./analyzer/analyze.js";
export { moduleOf } from "./analyzer/module-of.js";
export { createTaskTransformer, toDiagnostic } from "./emit/transform.js";
