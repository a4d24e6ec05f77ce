import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { flyteTasks } from "./packages/transformer/src/vite.js";

const src = (pkg: string, file = "index.ts") =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${file}`, import.meta.url));

// Tests run from source (tRPC style): package names resolve to `src`, so no build is needed first.
export default defineConfig({
  // The examples' tests run transformed, as their users' tests would (one plugin per example).
  plugins: ["hello", "containers", "plugin", "decorators", "constructs"].map((example) =>
    flyteTasks({ tsconfig: `examples/${example}/tsconfig.json` }),
  ),
  resolve: {
    alias: [
      { find: /^@flytekit-ts\/core\/idl$/, replacement: src("core", "idl.ts") },
      { find: /^@flytekit-ts\/core\/internal$/, replacement: src("core", "internal.ts") },
      { find: /^@flytekit-ts\/core\/errors$/, replacement: src("core", "errors.ts") },
      { find: /^@flytekit-ts\/core\/manifest$/, replacement: src("core", "manifest.ts") },
      { find: /^@flytekit-ts\/core$/, replacement: src("core") },
      { find: /^@flytekit-ts\/runtime\/internal$/, replacement: src("runtime", "internal.ts") },
      { find: /^@flytekit-ts\/runtime\/redaction$/, replacement: src("runtime", "redaction.ts") },
      { find: /^@flytekit-ts\/runtime$/, replacement: src("runtime") },
      { find: /^@flytekit-ts\/cli$/, replacement: src("cli") },
      { find: /^create-flytekit-ts$/, replacement: src("create-flytekit-ts") },
      { find: /^@flytekit-ts\/transformer$/, replacement: src("transformer") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    // Fixture projects carry their own tests, run by the tests that own them.
    exclude: ["**/node_modules/**", "**/fixtures/**"],
    reporters: ["default", "./scripts/closing-line-reporter.ts"],
    globalSetup: ["./scripts/vitest-global-setup.ts"],
    testTimeout: 60_000,
  },
});
