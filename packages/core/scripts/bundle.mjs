// Bundles the compiled package (dist/index.js, dist/idl.js) with its dependencies into
// dist/bundle, the files the package's exports point at. Node's ES module loader pays per file
// (resolve, read, compile, link): the ~200 files of core and its dependencies load in ~110 ms, the
// bundle in ~40 ms, and every `tsflyte` and `tsflyte-execute` start pays that. The two entries
// share one chunk, so `@flytekit-ts/core` and `@flytekit-ts/core/idl` hold the same schemas.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
rmSync(`${dist}bundle`, { recursive: true, force: true });
await build({
  entryPoints: { index: `${dist}index.js`, idl: `${dist}idl.js` },
  outdir: `${dist}bundle`,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "shared-[hash]",
  // Maps back through tsc's maps to src/*.ts, for stack traces under --enable-source-maps.
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
});

// Class names are part of the error model (an error's `name`, cross-copy `instanceof`). esbuild
// writes a class that refers to itself as `var X = class _X {...}`, so its name would be `_X`.
// `keepNames` would fix that with a `__name` call per function created, hot paths included
// (~15 ms of a 1,000-task package); naming just those classes after their module ran costs nothing.
for (const file of readdirSync(`${dist}bundle`)) {
  const path = `${dist}bundle/${file}`;
  const code = readFileSync(path, "utf8");
  const renamed = [...code.matchAll(/^var (\w+) = class _\1\b/gm)].map((match) => match[1]);
  const footer = renamed.map((name) => `Object.defineProperty(${name}, "name", { value: "${name}" });`);
  if (footer.length > 0) writeFileSync(path, `${code}${footer.join("\n")}\n`);
}

// Every exported class and function must carry its export's name.
for (const entry of ["index", "idl"]) {
  const exports = await import(`${dist}bundle/${entry}.js`);
  for (const [key, value] of Object.entries(exports)) {
    if (typeof value === "function" && value.name !== key && /^[A-Z]/.test(key)) {
      throw new Error(`bundle ${entry}: export ${key} is named ${value.name}: a name collision renamed it`);
    }
  }
}
