import type { TypeScriptChoice } from "../options.js";

/**
 * The project's tsconfig.json: ES modules for Node.js (nodenext), strict, `src` compiled to `dist`.
 * With TypeScript 6 the transformer runs inside `tspc` and writes the manifest on every build.
 */
export function tsconfig(typescript: TypeScriptChoice): string {
  const config = {
    compilerOptions: {
      target: "es2023",
      lib: ["es2023"],
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      rootDir: "src",
      outDir: "dist",
      types: ["node"],
      skipLibCheck: true,
      ...(typescript === "6" ? { plugins: [{ transform: "@flytekit-ts/transformer/tsc" }] } : {}),
    },
    include: ["src"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
